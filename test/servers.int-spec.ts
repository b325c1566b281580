import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import * as amqp from 'amqplib';
import { describeWithServer } from './servers';

// The harness every later integration test builds on: each real server is reachable, takes a write and returns it.

describeWithServer('redis', 'Redis on loopback', (url) => {
  it('connects, writes and reads back', async () => {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      const key = `acb:harness:${randomUUID()}`;
      await redis.set(key, 'written', 'EX', 30);
      expect(await redis.get(key)).toBe('written');
      await redis.del(key);
      const [, version] = /redis_version:(\S+)/.exec(await redis.info('server')) ?? [];
      expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(5);
    } finally {
      await redis.quit();
    }
  });
});

describeWithServer('postgres', 'PostgreSQL on loopback', (url) => {
  it('connects, writes and reads back', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    const table = `harness_${randomUUID().replace(/-/g, '')}`;
    try {
      await client.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, value text NOT NULL)`);
      await client.query(`INSERT INTO ${table} (value) VALUES ($1)`, ['written']);
      const { rows } = await client.query(`SELECT value FROM ${table}`);
      expect(rows).toEqual([{ value: 'written' }]);
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    }
  });
});

describeWithServer('rabbitmq', 'RabbitMQ on loopback', (url) => {
  it('connects, publishes and consumes back', async () => {
    const connection = await amqp.connect(url);
    const channel = await connection.createChannel();
    try {
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      channel.sendToQueue(queue, Buffer.from('written'));
      const message = await waitForMessage(channel, queue);
      expect(message).toBe('written');
    } finally {
      await channel.close();
      await connection.close();
    }
  });
});

async function waitForMessage(channel: amqp.Channel, queue: string): Promise<string> {
  for (let i = 0; i < 50; i += 1) {
    const message = await channel.get(queue, { noAck: true });
    if (message) return message.content.toString();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no message arrived on ${queue}`);
}
