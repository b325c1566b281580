import type { Socket } from 'node:net';
import Redis from 'ioredis';
import { describeWithServer } from '../../../test/servers';
import { coalesceWrites } from '../src/backends/bullmq/redis-write-coalescing';

/** Counts the write syscalls Node makes on `socket` (one per `write`, one per `writev`). */
function countWrites(socket: Socket): () => number {
  let count = 0;
  const internal = socket as unknown as { _writeGeneric: (...args: unknown[]) => unknown };
  const original = internal._writeGeneric;
  internal._writeGeneric = function (this: unknown, ...args: unknown[]) {
    count++;
    return original.apply(this, args);
  };
  return () => count;
}

describeWithServer('redis', 'coalesceWrites (at most two socket writes per event-loop turn)', (url) => {
  const clients: Redis[] = [];
  const open = async (): Promise<Redis> => {
    const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
    clients.push(client);
    coalesceWrites(client);
    await client.ping();
    return client;
  };
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  it('sends the commands of one turn in two writes (the first at once, the rest together), in order, with every reply', async () => {
    const client = await open();
    const writes = countWrites(client.stream as Socket);
    const key = `acb-test-coalesce-${process.pid}`;
    const replies = await Promise.all([client.del(key), ...Array.from({ length: 50 }, () => client.incr(key)), client.get(key)]);
    const sent = writes();
    await client.del(key);
    expect(replies).toEqual([0, ...Array.from({ length: 50 }, (_, i) => i + 1), '50']);
    // Without coalescing each of the 52 commands is its own write.
    expect(sent).toBeLessThanOrEqual(2);
  });

  it('writes a lone command at once, not at the end of the turn', async () => {
    const client = await open();
    const writes = countWrites(client.stream as Socket);
    const reply = client.echo('alone');
    expect(writes()).toBe(1);
    await expect(reply).resolves.toBe('alone');
  });

  it('is installed again on the socket of a reconnect', async () => {
    const client = await open();
    const first = client.stream;
    client.stream.destroy();
    await new Promise((resolve) => client.once('ready', resolve));
    expect(client.stream).not.toBe(first);
    const writes = countWrites(client.stream as Socket);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => client.echo(String(i))));
    expect(replies).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(writes()).toBeLessThanOrEqual(2);
  });
});
