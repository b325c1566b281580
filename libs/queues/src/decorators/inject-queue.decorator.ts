import { Inject } from '@nestjs/common';
import { getQueueToken } from '../queues.tokens';

/**
 * Injects the Queue facade of queue `name` (declared in `forRoot({ queues })` or `AcbQueuesModule.registerQueue()`).
 * @example constructor(@InjectQueue('emails') private readonly emails: Queue) {}
 */
export function InjectQueue(name: string): PropertyDecorator & ParameterDecorator {
  return Inject(getQueueToken(name));
}
