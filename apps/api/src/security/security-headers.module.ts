import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import helmet from 'helmet';

/**
 * helmet's security headers on every response of the sample API (`X-Content-Type-Options: nosniff`,
 * `Content-Security-Policy`, `Strict-Transport-Security`, `X-Frame-Options`, `Referrer-Policy`, ...), helmet's
 * defaults. A middleware of the module rather than a line in main.ts, so the tests' applications get it too.
 */
@Module({})
export class SecurityHeadersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(helmet()).forRoutes('*');
  }
}
