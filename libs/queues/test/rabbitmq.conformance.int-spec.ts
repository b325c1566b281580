import { randomUUID } from 'node:crypto';
import { describeWithServer } from '../../../test/servers';
import { runQueueConformance } from './conformance/queue.conformance';

describeWithServer('rabbitmq', 'queues on RabbitMQ', (url) => {
  // Every test gets its own prefix (so its own queues); `queueExpiresMs` lets the shared broker delete them
  // a minute after the test, messages included.
  runQueueConformance(
    'rabbitmq',
    () => ({
      backend: 'rabbitmq',
      connection: { url },
      prefix: `acb-test-rmqconf-${randomUUID().slice(0, 8)}`,
      backendOptions: { queueExpiresMs: 60_000, leaseRetryMs: 200 },
    }),
    { timing: 'real' },
  );
});
