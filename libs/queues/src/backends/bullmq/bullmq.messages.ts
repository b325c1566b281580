/** Messages of the Redis (BullMQ) queue backend. */
export const BullMqMessages = {
  unreachable: (where: string, timeoutMs: number) =>
    `Redis queue backend: cannot reach Redis at ${where} within ${timeoutMs} ms (check "queue.connection" in settings/adapters.yml).`,
  connectionError: (source: string, error: string) => `Redis queue backend: ${source}: ${error} (reconnecting).`,
  unknownSchedule: (name: string) =>
    `Redis queue backend: a tick of schedule "${name}" reached an instance that does not register it; the tick failed.`,
  lockRenewalFailed: (id: string, error: string) => `Redis queue backend: could not renew the lock of task ${id}: ${error}.`,
  returnFailed: (id: string, error: string) =>
    `Redis queue backend: could not return task ${id} to the queue: ${error} (the stalled-job check will).`,
  trimFailed: (queue: string, error: string) =>
    `Redis queue backend: could not trim the completed tasks of queue ${queue}: ${error} (the next trim retries).`,
  invalidExtra: (key: string, reason: string) => `Redis queue backend: invalid backendOptions.${key}: ${reason}.`,
} as const;
