import { randomUUID } from 'node:crypto';
import { describeWithServer } from '../../../test/servers';
import { deleteRedisKeys } from '../../../test/redis-keys';
import { runQueueConformance } from './conformance/queue.conformance';

describeWithServer('redis', 'queues on Redis (BullMQ)', (url) => {
  const prefix = `acb-test-bullconf-${randomUUID().slice(0, 8)}`;

  // The suite obliterates its queues; what is left under this file's prefix (schedule queue meta) is removed here.
  afterAll(() => deleteRedisKeys(url, `${prefix}-*`));

  runQueueConformance('redis', () => ({ backend: 'redis', connection: { url }, prefix }), { timing: 'real' });
});
