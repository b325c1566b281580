import { QueuesMessages } from '../queues.messages';

/** Thrown for a bad cron expression, interval or time zone. */
export class InvalidScheduleError extends Error {
  constructor(readonly scheduleName: string, reason: string) {
    super(QueuesMessages.invalidSchedule(scheduleName, reason));
    this.name = 'InvalidScheduleError';
  }
}
