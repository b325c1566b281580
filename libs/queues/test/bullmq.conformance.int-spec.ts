import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { describeWithServer } from '../../../test/servers';
import { runQueueConformance } from './conformance/queue.conformance';

describeWithServer('redis', 'queues on Redis (BullMQ)', (url) => {
  const prefix = `acb-test-bullconf-${randomUUID().slice(0, 8)}`;

  // The suite obliterates its queues; what is left under this file's prefix (schedule queue meta) is removed here.
  afterAll(async () => {
    const client = new Redis(url);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}-*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await client.del(...keys);
      } while (cursor !== '0');
    } finally {
      await client.quit();
    }
  });

  runQueueConformance('redis', () => ({ backend: 'redis', connection: { url }, prefix }), { timing: 'real' });
});
