import { EventPublisher } from '@acb/events';
import { AcbTestingError } from '../errors/acb-testing.error';
import { TestingMessages } from '../testing.messages';
import { findProvider, type ApplicationLike } from './application-like';

/**
 * Resolves once every event handler started in `app` has settled, retries included (emits with `{ wait: false }`,
 * handlers that emit further events). With fake timers, advance the clock for retry backoffs to elapse.
 * @throws AcbTestingError when the application has no `AcbEventsModule`
 */
export async function settleEvents(app: ApplicationLike): Promise<void> {
  const publisher = findProvider(app, EventPublisher);
  if (!publisher) throw new AcbTestingError(TestingMessages.missingSystem('settleEvents', 'AcbEventsModule', 'events'));
  await publisher.settled();
}
