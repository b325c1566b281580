/** Messages of the RabbitMQ queue backend. */
export const RabbitMqMessages = {
  unreachable: (where: string, error: string) =>
    `RabbitMQ queue backend: cannot connect to ${where}: ${error} (check "queue.connection" in settings/adapters.yml).`,
  localStatusOnly: () =>
    'RabbitMQ queue backend: task statuses are kept in this process only (no backendOptions.statusStoreUrl): getTask, ' +
    'getPendingTasks, cancel and jobId dedupe see the tasks this process enqueued or ran; a task it last saw waiting ' +
    'reads "unknown" (any process may have run it since) and cancel can only request it. Set ' +
    'backendOptions.statusStoreUrl to a Redis URL for one status view across processes.',
  statusStoreUnreachable: (error: string) =>
    `RabbitMQ queue backend: cannot reach the shared status store (backendOptions.statusStoreUrl): ${error}.`,
  disconnected: (error: string) => `RabbitMQ queue backend: connection lost: ${error} (reconnecting).`,
  channelError: (what: string, error: string) => `RabbitMQ queue backend: ${what}: ${error}.`,
  publishRetry: (queue: string, error: string) =>
    `RabbitMQ queue backend: publish to ${queue} not confirmed (${error}); retrying on a new channel.`,
  declareMismatch: (queue: string, priorities: boolean, error: string) =>
    `RabbitMQ queue backend: queue ${queue} already exists with other arguments (${error}). It is declared ` +
    `${priorities ? 'with' : 'without'} x-max-priority because backendOptions.priorities ${priorities ? 'includes' : 'excludes'} it: ` +
    `set backendOptions.priorities to match the existing queue, or delete the queue (after draining it) to declare it anew.`,
  invalidExtra: (key: string, reason: string) => `RabbitMQ queue backend: invalid backendOptions.${key}: ${reason}.`,
  scheduleFailed: (name: string, error: string) => `RabbitMQ queue backend: schedule "${name}" tick failed: ${error}.`,
  leaseAcquired: (name: string) => `RabbitMQ queue backend: this instance now runs the schedules (lease ${name}).`,
} as const;
