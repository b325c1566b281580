/** The one-status-view conformance (test/conformance/shared-status.conformance.ts) on redis and on rabbitmq. */
import { randomUUID } from 'node:crypto';
import { describeWithServers } from '../../../test/servers';
import { BullMqQueueBackend } from '../src/backends/bullmq/bullmq.backend';
import { RabbitMqQueueBackend } from '../src/backends/rabbitmq/rabbitmq.backend';
import { runSharedStatusConformance } from './conformance/shared-status.conformance';
import { testBackendOptions } from './fault/support/backend-suite';

describeWithServers(['redis', 'rabbitmq'], 'one status view across instances', (urls) => {
  const redisPrefix = `acb-test-shared-${randomUUID().slice(0, 8)}`;
  runSharedStatusConformance('redis', (overrides) => new BullMqQueueBackend(testBackendOptions(urls.redis, redisPrefix, overrides)));

  const rabbitPrefix = `acb-test-shared-${randomUUID().slice(0, 8)}`;
  const rabbitOptions = { statusStoreUrl: urls.redis, queueExpiresMs: 120_000 };
  const cleaner = new RabbitMqQueueBackend(testBackendOptions(urls.rabbitmq, rabbitPrefix, { extra: rabbitOptions }));
  beforeAll(() => cleaner.connect());
  afterAll(() => cleaner.close());
  it('rabbitmq: a statusStoreUrl that is not a redis URL fails at construction, an unreachable one fails the start', async () => {
    expect(() => new RabbitMqQueueBackend(testBackendOptions(urls.rabbitmq, rabbitPrefix, { extra: { statusStoreUrl: 'http://127.0.0.1:1' } }))).toThrow(
      /backendOptions\.statusStoreUrl/,
    );
    const { freePort } = await import('./fault/support/process-helpers');
    const unreachable = new RabbitMqQueueBackend(
      testBackendOptions(urls.rabbitmq, rabbitPrefix, { extra: { statusStoreUrl: `redis://127.0.0.1:${await freePort()}` } }),
    );
    await expect(unreachable.connect()).rejects.toThrow(/cannot reach the shared status store/);
  });

  it('rabbitmq says at start when task statuses are per process (no statusStoreUrl), and not when they are shared', async () => {
    for (const [extra, expected] of [
      [{ queueExpiresMs: 120_000 }, 1],
      [rabbitOptions, 0],
    ] as const) {
      const lines: string[] = [];
      const logger = { log: (message: string) => void lines.push(message), warn: () => undefined, error: () => undefined };
      const backend = new RabbitMqQueueBackend(testBackendOptions(urls.rabbitmq, rabbitPrefix, { extra, logger }));
      await backend.connect();
      await backend.close();
      expect(lines.filter((line) => line.includes('task statuses are kept in this process only'))).toHaveLength(expected);
    }
  });

  runSharedStatusConformance(
    'rabbitmq with the shared status store (backendOptions.statusStoreUrl)',
    (overrides) => new RabbitMqQueueBackend(testBackendOptions(urls.rabbitmq, rabbitPrefix, { ...overrides, extra: rabbitOptions })),
    (queue) => cleaner.deleteQueue(queue),
  );
});
