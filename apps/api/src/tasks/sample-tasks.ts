// NOTE: the one relative import between the two sample apps: the task names live with their handlers in
// apps/worker; the API only needs the names to enqueue them (declared remote, see app.module.ts).
import { SAMPLE_TASKS } from '../../../worker/src/tasks/sample-task-names';

export { SAMPLE_TASKS };

/** Tasks the API enqueues while their handlers run in apps/worker (`queues.remoteTasks`). */
export const REMOTE_TASKS: string[] = Object.values(SAMPLE_TASKS);

/** Payload of the welcome mail (`send_email`, run by apps/worker). */
export interface SendEmailPayload {
  recipient: string;
  subject: string;
  body: string;
  [key: string]: string;
}
