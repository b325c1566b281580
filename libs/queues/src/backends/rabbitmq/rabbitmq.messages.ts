/** Messages of the RabbitMQ queue backend. */
export const RabbitMqMessages = {
  unreachable: (where: string, error: string) =>
    `RabbitMQ queue backend: cannot connect to ${where}: ${error} (check "queue.connection" in settings/adapters.yml).`,
  disconnected: (error: string) => `RabbitMQ queue backend: connection lost: ${error} (reconnecting).`,
  channelError: (what: string, error: string) => `RabbitMQ queue backend: ${what}: ${error}.`,
  publishRetry: (queue: string, error: string) =>
    `RabbitMQ queue backend: publish to ${queue} not confirmed (${error}); retrying on a new channel.`,
  invalidExtra: (key: string, reason: string) => `RabbitMQ queue backend: invalid backendOptions.${key}: ${reason}.`,
  scheduleFailed: (name: string, error: string) => `RabbitMQ queue backend: schedule "${name}" tick failed: ${error}.`,
  leaseAcquired: (name: string) => `RabbitMQ queue backend: this instance now runs the schedules (lease ${name}).`,
} as const;
