import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { viewsDir } from './views';

const HTMX_PATH = require.resolve('htmx.org/dist/htmx.min.js');

/** htmx from its npm package (no CDN) and the site's stylesheet. */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly css = join(viewsDir(), 'site.css');

  @Get('htmx.min.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=86400')
  htmx(): StreamableFile {
    return new StreamableFile(createReadStream(HTMX_PATH));
  }

  @Get('site.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  stylesheet(): StreamableFile {
    return new StreamableFile(createReadStream(this.css));
  }
}
