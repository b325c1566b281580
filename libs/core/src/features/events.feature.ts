import { AcbConfig } from '@acb/config';
import { AcbEventsModule, EventsSettings, eventsOptionsFromSettings, type AcbEventsModuleOptions } from '@acb/events';
import { Queue, TaskRegistry, createQueuesEventBridge } from '@acb/queues';
import { ACB_MODULE_OPTIONS } from '../core.module-definition';
import type { AcbFeature } from '../interfaces/acb-feature.interface';
import type { AcbModuleOptions } from '../interfaces/acb-module-options.interface';
import { TaskEventsForwarder } from './task-events.forwarder';

/**
 * Pub/sub events: `settings/events.yml` (validated with `EventsSettings`, seconds mapped to milliseconds), `app.name` naming the consumer groups,
 * overridden by `options.events`. `@OnAcbEvent(..., { viaQueue: true })` handlers are delivered through the queues
 * system composed next to it, when it is on; task lifecycle events are published on the bus as `task.*`
 * (TaskEventsForwarder).
 */
export const eventsFeature: AcbFeature = {
  name: 'events',
  module: () =>
    AcbEventsModule.forRootAsync({
      // NOTE: optional, so events run with the queues switched off (then a `viaQueue` handler fails the start).
      inject: [AcbConfig, ACB_MODULE_OPTIONS, { token: TaskRegistry, optional: true }, { token: Queue, optional: true }],
      useFactory: (config: AcbConfig, options: AcbModuleOptions, registry?: TaskRegistry, queue?: Queue): AcbEventsModuleOptions => ({
        appName: config.app.name,
        ...eventsOptionsFromSettings(config.section('events', EventsSettings)),
        ...(registry && queue ? { queueBridge: createQueuesEventBridge(registry, queue) } : {}),
        ...options.events,
      }),
    }),
  providers: [TaskEventsForwarder],
};
