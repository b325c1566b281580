import { AcbModule, type AcbModuleOptions } from '@acb/core';
import type { AcbQueuesModuleOptions } from '@acb/queues';
import { type DynamicModule, Module } from '@nestjs/common';
import { PRODUCT_WORKFLOWS, ProductWorkflowsModule } from '../../api/src/workflows/product-workflows.module';
import { ProductTasksModule } from './product/product-tasks.module';
import { SampleTasksModule } from './tasks/sample-tasks.module';

/**
 * The sample worker: the ACB stack from `settings/`, no HTTP, the task queue from the `queue:` block of
 * settings/adapters.yml with `runWorker: true`, the sample tasks (send_email, process_order, send_reminder) and the
 * product's (generate_sitemap, send_notifications, update_search_index, process_payment, send_confirmation,
 * send_shipping_update), the `page.viewed` handler routed through the queue (update_analytics), and the schedules
 * (nightly daily_backup, five-minute health_check), and the product's workflows (`order-fulfillment`, `import-posts`)
 * with their actions (ProductWorkflowsModule, shared with apps/api): with the queue engine (the distributed profile)
 * the workers run the workflow steps.
 */
@Module({})
export class WorkerModule {
  /**
   * @param options to `AcbModule.forRoot()` (tests pass a settings dir, values, a log destination).
   * @param queues overrides of the queue options read from the settings (tests pass a backend, a prefix...).
   */
  static forRoot(options: AcbModuleOptions = {}, queues: AcbQueuesModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      // The queue options come from settings/adapters.yml through AcbModule; a worker always consumes. The workflow
      // engine and persistence come from settings/workflows.yml, as for the API (same definitions, same actions).
      imports: [
        AcbModule.forRoot({
          ...options,
          queues: { ...options.queues, runWorker: true, ...queues },
          workflows: { ...options.workflows, definitions: [...PRODUCT_WORKFLOWS, ...(options.workflows?.definitions ?? [])] },
        }),
        SampleTasksModule,
        ProductTasksModule,
        ProductWorkflowsModule,
      ],
      exports: [SampleTasksModule],
    };
  }
}
