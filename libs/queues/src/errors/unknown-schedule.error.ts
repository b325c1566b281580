import { QueuesMessages } from '../queues.messages';

/** Thrown by `Scheduler.runNow()` for a name no schedule has. */
export class UnknownScheduleError extends Error {
  constructor(readonly scheduleName: string) {
    super(QueuesMessages.unknownSchedule(scheduleName));
    this.name = 'UnknownScheduleError';
  }
}
