/** DI token of the connected QueueBackend instance (for tools that need the backend itself). */
export const QUEUE_BACKEND = Symbol('ACB_QUEUE_BACKEND');
/** DI token of the module options with every default applied (internal). */
export const QUEUES_RESOLVED_OPTIONS = Symbol('ACB_QUEUES_RESOLVED_OPTIONS');

/** The DI token of the Queue facade for queue `name` (`@Inject(getQueueToken('emails'))`). */
export function getQueueToken(name: string): string {
  return `AcbQueue:${name}`;
}
