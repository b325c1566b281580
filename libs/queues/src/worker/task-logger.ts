import { Logger } from '@nestjs/common';
import type { TaskLogger } from '../interfaces/task-handler.interface';

/** A TaskLogger over a Nest Logger: every line is an object carrying taskId, task name and attempt. */
export function createTaskLogger(logger: Logger, bindings: { taskId: string; task: string; attempt: number }): TaskLogger {
  const line = (msg: string, fields?: Record<string, unknown>) => ({ msg, ...bindings, ...fields });
  return {
    log: (message, fields) => logger.log(line(message, fields)),
    warn: (message, fields) => logger.warn(line(message, fields)),
    error: (message, fields) => logger.error(line(message, fields)),
    debug: (message, fields) => logger.debug(line(message, fields)),
  };
}
