import { QueuesMessages } from '../queues.messages';

/** Thrown when a schedule name is registered twice in one application. */
export class DuplicateScheduleError extends Error {
  constructor(readonly scheduleName: string) {
    super(QueuesMessages.duplicateSchedule(scheduleName));
    this.name = 'DuplicateScheduleError';
  }
}
