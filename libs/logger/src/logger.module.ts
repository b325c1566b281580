import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationShutdown,
  type Provider,
  RequestMethod,
} from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import { AcbLogger } from './acb-logger';
import { createLogRoot, type LogRoot } from './create-acb-logger';
import { RequestContextMiddleware } from './http/request-context.middleware';
import { ensureRequestId } from './http/request-id';
import type { AcbLoggerOptions } from './interfaces/logger-options.interface';
import { ACB_LOG_ROOT, ALL_ROUTES_PATH } from './logger.constants';
import {
  ACB_LOGGER_ASYNC_OPTIONS_TYPE,
  ACB_LOGGER_OPTIONS,
  ACB_LOGGER_OPTIONS_TYPE,
  AcbLoggerConfigurableModule,
} from './logger.module-definition';
import { AcbNestLogger } from './nest/acb-nest-logger';
import { LogRedactor } from './redaction/log-redactor';

const ALL_ROUTES = { path: ALL_ROUTES_PATH, method: RequestMethod.ALL };

const providers: Provider[] = [
  {
    provide: ACB_LOG_ROOT,
    useFactory: (options: AcbLoggerOptions): LogRoot => createLogRoot(options),
    inject: [ACB_LOGGER_OPTIONS],
  },
  { provide: AcbLogger, useFactory: (root: LogRoot) => root.logger, inject: [ACB_LOG_ROOT] },
  { provide: AcbNestLogger, useFactory: (root: LogRoot) => new AcbNestLogger(root.pino), inject: [ACB_LOG_ROOT] },
  { provide: LogRedactor, useFactory: (root: LogRoot) => root.redactor, inject: [ACB_LOG_ROOT] },
];

/** nestjs-pino's HTTP logging over this application's pino root, with the ACB request id. */
function pinoHttpModule(): DynamicModule {
  return LoggerModule.forRootAsync({
    // NOTE: the log root reaches nestjs-pino's module because AcbLoggerModule is global and exports it.
    inject: [ACB_LOG_ROOT],
    useFactory: (root: LogRoot): Params => ({
      pinoHttp: {
        logger: root.pino,
        genReqId: ensureRequestId,
        autoLogging: root.options.http?.autoLogging ?? true,
        serializers: { req: withoutRouteParams },
        customLogLevel: (_req, res, error) =>
          error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      },
      forRoutes: [ALL_ROUTES],
    }),
  });
}

/**
 * The serialized request without `params`: the catch-all route of the logging middleware puts the whole path there
 * (`{ splat: [...] }`), which repeats `url`.
 */
function withoutRouteParams(request: Record<string, unknown>): Record<string, unknown> {
  const { params: _params, ...rest } = request;
  return rest;
}

/**
 * Structured logging for an ACB application: pino JSON lines (pretty in debug), the current `AcbContext` on every
 * line, redaction of configured paths and of known secret values, and a request id for every HTTP request
 * (nestjs-pino / pino-http underneath). Global. `AcbModule` imports it configured from the settings.
 *
 * Provides `AcbLogger` (inject it), `AcbNestLogger` (for `app.useLogger`) and `LogRedactor`.
 */
@Module({})
export class AcbLoggerModule extends AcbLoggerConfigurableModule implements NestModule, OnApplicationShutdown {
  constructor(@Inject(ACB_LOG_ROOT) private readonly root: LogRoot) {
    super();
  }

  /** @see AcbLoggerOptions for the options and their defaults. */
  static forRoot(options: typeof ACB_LOGGER_OPTIONS_TYPE = {}): DynamicModule {
    return withLogging(super.forRoot(options));
  }

  static forRootAsync(options: typeof ACB_LOGGER_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withLogging(super.forRootAsync(options));
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes(ALL_ROUTES);
  }

  onApplicationShutdown(): void {
    this.root.pino.flush();
  }
}

function withLogging(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    global: true,
    imports: [...(definition.imports ?? []), pinoHttpModule()],
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), AcbLogger, AcbNestLogger, LogRedactor, ACB_LOG_ROOT],
  };
}
