import { resolveBackoff } from '@acb/common';
import { RabbitStatusStore } from '../../src/backends/rabbitmq/rabbitmq-status-store';
import type { TaskRecord, TaskStatus } from '../../src/interfaces/task.interface';

const record = (id: string, status: TaskStatus = 'pending', queue = 'default'): TaskRecord => ({
  id,
  name: 'job',
  queue,
  payload: null,
  priority: 0,
  status,
  attempts: 0,
  maxRetries: 0,
  backoff: resolveBackoff({}),
  timeoutMs: 1000,
  createdAt: 0,
  runAt: 0,
});

const ids = (store: RabbitStatusStore, queue = 'default'): string[] =>
  store.list(queue, ['pending', 'active', 'completed']).map((r) => r.id).sort();

describe('RabbitStatusStore bound', () => {
  it('never holds more than keepRecords + 10% per queue, and trims back to keepRecords dropping the least recently updated', () => {
    const store = new RabbitStatusStore(100);
    for (let i = 0; i < 100; i++) store.put(record(`t${i}`));
    // Touch the oldest: it becomes the most recently updated and must survive the trim.
    store.put(record('t0', 'active'), false);
    let largest = 0;
    for (let i = 100; i < 1000; i++) {
      store.put(record(`t${i}`));
      largest = Math.max(largest, store.list('default', ['pending', 'active']).length);
    }
    expect(largest).toBeLessThanOrEqual(110);
    expect(largest).toBeGreaterThan(100);
    // Right after a trim the queue holds exactly keepRecords.
    const held = store.list('default', ['pending', 'active']).length;
    expect(held).toBeGreaterThanOrEqual(100);
    expect(held).toBeLessThanOrEqual(110);
    expect(store.get('default', 't1')).toBeUndefined();
    for (let i = 990; i < 1000; i++) expect(store.get('default', `t${i}`)?.status).toBe('pending');
  });

  it('keeps every record while a queue is under the bound, and the bound is per queue', () => {
    const store = new RabbitStatusStore(10);
    for (let i = 0; i < 10; i++) store.put(record(`a${i}`, 'pending', 'a'));
    for (let i = 0; i < 10; i++) store.put(record(`a${i}`, 'completed', 'a'), false);
    for (let i = 0; i < 11; i++) store.put(record(`b${i}`, 'pending', 'b'));
    expect(ids(store, 'a')).toHaveLength(10);
    expect(store.get('a', 'a0')?.status).toBe('completed');
    expect(ids(store, 'b')).toHaveLength(11);
    store.put(record('b11', 'pending', 'b'));
    expect(ids(store, 'b')).toHaveLength(10);
    expect(store.get('b', 'b0')).toBeUndefined();
    expect(store.get('b', 'b1')).toBeUndefined();
    expect(store.get('b', 'b11')?.status).toBe('pending');
  });
});
