import { Module } from '@nestjs/common';
import { Outbox } from './outbox.service';
import { SampleTasks } from './sample.tasks';

/**
 * The sample task handlers (send_email, process_order, send_reminder, generate_report and the hourly schedule) and
 * the outbox they deliver to. apps/worker imports it and always consumes; the sample API imports it too, so on the
 * embedded memory queue (where no other process can reach its tasks) the API's own worker runs them.
 */
@Module({ providers: [Outbox, SampleTasks], exports: [Outbox] })
export class SampleTasksModule {}
