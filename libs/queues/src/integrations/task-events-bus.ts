import { TASK_EVENT_TYPES, type TaskEvent, type TaskEvents, type TaskEventType } from '../events/task-events';

/** What the forwarder needs of the event bus: @acb/events' `EventPublisher` (structural: queues does not import events). */
export interface TaskEventPublisher {
  emit(name: string, payload: Record<string, unknown>): Promise<unknown>;
}

/**
 * Puts this process's task events on the event bus as `task.completed`, `task.failed`, `task.retrying`, `task.dead`
 * and `task.stalled` (payload: the `TaskEvent` without `type`), so `@OnAcbEvent('task.*')` handlers, the monitoring
 * adapter and other processes (redis transport) see them. The other half of the queues event bridge
 * (`createQueuesEventBridge` delivers events as tasks; this delivers tasks' events as events). Returns the function
 * that stops forwarding. A publish failure is the publisher's to log; a task never waits for it.
 *
 * @example
 * @Injectable() class TaskEventsOnTheBus implements OnModuleInit {
 *   constructor(private readonly taskEvents: TaskEvents, private readonly publisher: EventPublisher) {}
 *   onModuleInit() { forwardTaskEventsToBus(this.taskEvents, this.publisher); }
 * }
 */
export function forwardTaskEventsToBus(
  taskEvents: TaskEvents,
  publisher: TaskEventPublisher,
  types: readonly TaskEventType[] = TASK_EVENT_TYPES,
): () => void {
  return taskEvents.on(
    types,
    async ({ type, ...event }: TaskEvent) => {
      await publisher.emit(`task.${type}`, withoutUndefined(event));
    },
    { source: 'forwardTaskEventsToBus' },
  );
}

/** The bus takes JSON: fields without a value are left out (as JSON does). */
function withoutUndefined(event: Omit<TaskEvent, 'type'>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined));
}
