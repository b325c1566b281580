import { AcbMetricsController } from '@acb/adapters';
import { AcbModule, type AcbModuleOptions } from '@acb/core';
import { ServiceErrorFilter } from '@acb/services';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthModule } from './health/health.module';
import { adaptersIndicator } from './health/indicators/adapters.indicator';
import { appIndicator } from './health/indicators/app.indicator';
import { queuesIndicator } from './health/indicators/queues.indicator';
import { servicesIndicator } from './health/indicators/services.indicator';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';
import { SampleTasksModule } from '../../worker/src/tasks/sample-tasks.module';

/**
 * The sample API: the ACB stack from `settings/`, the users feature (`/users`), task status (`/tasks/:id`),
 * `GET /health` (app, adapters, services, queue) and `GET /metrics`, and the sample task handlers of apps/worker:
 * on the memory queue (the default) this process's own worker runs them; on redis or rabbitmq the API only
 * enqueues (`runWorker` is false there) and apps/worker runs them. Service errors are mapped to HTTP answers by
 * `ServiceErrorFilter`, registered as a global filter (`APP_FILTER`), so tests built on this module get it too.
 */
@Module({})
export class AppModule {
  /** `options` go to `AcbModule.forRoot()` (tests pass a settings dir, values, a log destination). */
  static forRoot(options: AcbModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // NOTE: the sample API applies its pending migrations (the users table) before it listens, whatever the settings.
        AcbModule.forRoot({ ...options, migrations: { runOnStartup: true, ...options.migrations } }),
        SampleTasksModule,
        HealthModule.forRoot({ indicators: [appIndicator, adaptersIndicator, servicesIndicator, queuesIndicator] }),
        UsersModule,
        TasksModule,
      ],
      controllers: [AcbMetricsController],
      providers: [{ provide: APP_FILTER, useClass: ServiceErrorFilter }],
    };
  }
}
