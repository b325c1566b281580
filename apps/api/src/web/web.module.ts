import { Global, type MiddlewareConsumer, Module, type NestModule, type OnModuleInit } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { AssetsController } from './assets.controller';
import { ApiAuthGuard, PageAuthGuard } from './auth.guards';
import { SessionStore } from './session';
import { SessionCookies } from './session-cookies';
import { SessionMiddleware } from './session.middleware';
import { configureHandlebars, viewsDir } from './views';
import { WebExceptionFilter } from './web-exception.filter';

/** The part of the Express application the view setup uses. */
interface ExpressApp {
  engine(ext: string, fn: unknown): void;
  set(key: string, value: unknown): void;
}

/**
 * The HTML side of the application, wired by the module itself (no setup call to forget in main.ts or a test):
 * Handlebars views (`@Render`), cookies, sessions in the cache adapter, CSRF checks on every unsafe request, htmx
 * and the stylesheet under `/assets`, and the error filter (HTML pages for browsers, JSON for the rest).
 */
@Global()
@Module({
  controllers: [AssetsController],
  providers: [SessionStore, SessionCookies, PageAuthGuard, ApiAuthGuard, { provide: APP_FILTER, useClass: WebExceptionFilter }],
  exports: [SessionStore, SessionCookies, PageAuthGuard, ApiAuthGuard],
})
export class WebModule implements NestModule, OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter?.getInstance<ExpressApp>();
    if (!app || typeof app.set !== 'function') return;
    const dir = viewsDir();
    const hbs = configureHandlebars(dir);
    app.engine('hbs', hbs.__express);
    app.set('views', dir);
    app.set('view engine', 'hbs');
    app.set('view options', { layout: 'layout' });
  }

  configure(consumer: MiddlewareConsumer): void {
    // NOTE: no cookie-parser: the session middleware reads its one cookie from the header itself.
    consumer.apply(SessionMiddleware).forRoutes('{*splat}');
  }
}
