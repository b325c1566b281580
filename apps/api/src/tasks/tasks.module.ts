import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';

/** `GET /tasks/:id` on the application's queue (AcbModule's queues system, global). */
@Module({ controllers: [TasksController] })
export class TasksModule {}
