import { randomUUID } from 'node:crypto';
import { describeWithServer, describeWithServers } from '../../../test/servers';
import { deleteRedisKeys } from '../../../test/redis-keys';
import { runQueueConformance } from './conformance/queue.conformance';

describeWithServer('rabbitmq', 'queues on RabbitMQ', (url) => {
  // Every test gets its own prefix (so its own queues); `queueExpiresMs` lets the shared broker delete them
  // a minute after the test, messages included. Without statusStoreUrl task records are per process: a task last
  // seen waiting reads `unknown` and cancelling it answers 'requested' (statusView), every other behaviour is the same.
  runQueueConformance(
    'rabbitmq (statuses per process)',
    () => ({
      backend: 'rabbitmq',
      connection: { url },
      prefix: `acb-test-rmqconf-${randomUUID().slice(0, 8)}`,
      backendOptions: { queueExpiresMs: 60_000, leaseRetryMs: 200 },
    }),
    { timing: 'real', statusView: 'per-process' },
  );
});

describeWithServers(['rabbitmq', 'redis'], 'queues on RabbitMQ with the shared status store on Redis', (urls) => {
  const prefix = `acb-test-rmqshared-${randomUUID().slice(0, 8)}`;

  // The records the suite's tasks left in the status store (they would expire after statusTtlMs anyway).
  afterAll(() => deleteRedisKeys(urls.redis, `${prefix}-*`));

  // The same behaviours when getTask, the pending list, cancel and jobId go through the shared store.
  runQueueConformance(
    'rabbitmq + statusStoreUrl',
    () => ({
      backend: 'rabbitmq',
      connection: { url: urls.rabbitmq },
      prefix,
      backendOptions: { queueExpiresMs: 60_000, leaseRetryMs: 200, statusStoreUrl: urls.redis },
    }),
    { timing: 'real' },
  );
});
