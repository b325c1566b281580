import { NotFoundError } from '@acb/services';
import { Queue, type TaskRecord } from '@acb/queues';
import { Controller, Get, Param } from '@nestjs/common';

/**
 * What `GET /tasks/:id` shows of a task. `status: 'unknown'` (rabbitmq without `statusStoreUrl` only: this process
 * last saw the task waiting and a worker process may have run it since) comes with `localStatus`, what this process
 * last recorded; point the backend's `statusStoreUrl` at Redis to see what the workers did.
 */
export type TaskView = Pick<TaskRecord, 'id' | 'name' | 'queue' | 'status' | 'attempts' | 'createdAt'> &
  Partial<Pick<TaskRecord, 'startedAt' | 'finishedAt' | 'result' | 'error' | 'localStatus'>>;

/** `GET /tasks/:id`: a queued task's status (e.g. the welcome mail `POST /users` answered with). */
@Controller('tasks')
export class TasksController {
  constructor(private readonly queue: Queue) {}

  /** The task's status, attempts, result or error; 404 when the queue does not know the id. */
  @Get(':id')
  async get(@Param('id') id: string): Promise<TaskView> {
    const task = await this.queue.getTask(id);
    if (!task) throw new NotFoundError('Task', id);
    return {
      id: task.id,
      name: task.name,
      queue: task.queue,
      status: task.status,
      attempts: task.attempts,
      createdAt: task.createdAt,
      startedAt: task.startedAt,
      finishedAt: task.finishedAt,
      result: task.result,
      error: task.error,
      localStatus: task.localStatus,
    };
  }
}
