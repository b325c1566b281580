import { AcbMetricsController } from '@acb/adapters';
import { AcbModule, type AcbModuleOptions } from '@acb/core';
import { ServiceErrorFilter } from '@acb/services';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { HealthModule } from './health/health.module';
import { adaptersIndicator } from './health/indicators/adapters.indicator';
import { appIndicator } from './health/indicators/app.indicator';
import { queuesIndicator } from './health/indicators/queues.indicator';
import { servicesIndicator } from './health/indicators/services.indicator';
import { SecurityHeadersModule } from './security/security-headers.module';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';
import { RefuseNulPipe } from './validation/refuse-nul.pipe';
import { ProductTasksModule } from '../../worker/src/product/product-tasks.module';
import { BullBoardModule } from './admin/bull-board.module';
import { AuthModule } from './auth/auth.module';
import { BlogModule } from './blog/blog.module';
import { DemoModule } from './demo/demo.module';
import { OperationsModule } from './operations/operations.module';
import { OrdersModule } from './orders/orders.module';
import { WebModule } from './web/web.module';
import { PRODUCT_WORKFLOWS } from './workflows/product-workflows.module';
import { type AppOptions, AppOptionsModule } from './app-options';

export type { AppOptions } from './app-options';

/**
 * The sample API: the ACB stack from `settings/`, the users feature (`/users`), task status (`/tasks/:id`),
 * `GET /health` (app, adapters, services, queue) and `GET /metrics`, and the sample task handlers of apps/worker:
 * on the memory queue (the default) this process's own worker runs them; on redis or rabbitmq the API only
 * enqueues (`runWorker` is false there) and apps/worker runs them. Service errors are mapped to HTTP answers by
 * `ServiceErrorFilter`, registered as a global filter (`APP_FILTER`), so tests built on this module get it too.
 * Client input never gives a 5xx: NUL characters anywhere in a request are a 400 (`RefuseNulPipe`), a value the
 * database refuses (an id outside the integer range on PostgreSQL) a 400 (`asClientError`, in WebExceptionFilter); helmet's
 * security headers are on every response (`SecurityHeadersModule`).
 * The product (issue 13): HTML pages with htmx and the same features under `/api/...` — accounts (WebModule's
 * sessions and CSRF, AuthModule), the blog, orders with the `order-fulfillment` workflow, the operations page.
 */
@Module({})
export class AppModule {
  /** `options` go to `AcbModule.forRoot()` (tests pass a settings dir, values, a log destination). */
  static forRoot(options: AcbModuleOptions = {}, app: AppOptions = {}): DynamicModule {
    const workflows = { ...options.workflows, definitions: [...PRODUCT_WORKFLOWS, ...(options.workflows?.definitions ?? [])] };
    return {
      module: AppModule,
      imports: [
        // NOTE: the sample API applies its pending migrations (the users table) before it listens, whatever the settings.
        AcbModule.forRoot({ ...options, migrations: { runOnStartup: true, ...options.migrations }, workflows }),
        ProductTasksModule,
        HealthModule.forRoot({ indicators: [appIndicator, adaptersIndicator, servicesIndicator, queuesIndicator] }),
        SecurityHeadersModule,
        UsersModule,
        TasksModule,
        AppOptionsModule.forRoot(app),
        WebModule,
        AuthModule,
        BlogModule,
        OrdersModule,
        OperationsModule,
        BullBoardModule,
        ...(app.demo ? [DemoModule] : []),
      ],
      controllers: [AcbMetricsController],
      providers: [
        { provide: APP_FILTER, useClass: ServiceErrorFilter },
        { provide: APP_PIPE, useClass: RefuseNulPipe },
      ],
    };
  }
}
