import { Module } from '@nestjs/common';
import { SampleTasksModule } from '../tasks/sample-tasks.module';
import { ProductTasks } from './product.tasks';

/** The product's tasks, `viaQueue` handler and schedules (imported by apps/worker and, for the memory queue, apps/api). */
@Module({ imports: [SampleTasksModule], providers: [ProductTasks] })
export class ProductTasksModule {}
