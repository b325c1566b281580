// NOTE: the task names live with their handlers in apps/worker (SampleTasksModule, imported by app.module.ts).
import { SAMPLE_TASKS } from '../../../worker/src/tasks/sample-task-names';

export { SAMPLE_TASKS };

/** Payload of the welcome mail (`send_email`). */
export interface SendEmailPayload {
  recipient: string;
  subject: string;
  body: string;
  [key: string]: string;
}
