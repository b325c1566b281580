import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI for the JSON routes at `/docs` (the document itself at `/docs-json`). HTML pages are excluded. */
export function setupDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('ACB Blocks API')
    .setDescription('The sample product as JSON. Unsafe requests with a session cookie need the x-csrf-token header (from /api/auth/session).')
    .setVersion('1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs-json' });
}
