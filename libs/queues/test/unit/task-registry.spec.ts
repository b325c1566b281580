import { DuplicateTaskError, InvalidTaskOptionError, TaskRegistry } from '@acb/queues';

describe('TaskRegistry', () => {
  it('registers, lists, unregisters', () => {
    const registry = new TaskRegistry();
    const off = registry.register('b_task', () => 1, { queue: 'q1' });
    registry.register('a_task', () => 2);
    expect(registry.names()).toEqual(['a_task', 'b_task']);
    expect(registry.get('b_task')?.source).toBe('programmatic');
    expect(registry.queues()).toEqual(['q1']);
    off();
    expect(registry.has('b_task')).toBe(false);
    expect(registry.queues()).toEqual([]);
  });

  it('refuses a duplicate name and bad options at registration', () => {
    const registry = new TaskRegistry();
    registry.register('t', () => undefined);
    expect(() => registry.register('t', () => undefined)).toThrow(DuplicateTaskError);
    expect(() => registry.register('u', () => undefined, { priority: 99 })).toThrow(InvalidTaskOptionError);
    expect(() => registry.register('v', () => undefined, { maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => registry.register('w', () => undefined, { timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
  });

  it('knows remote tasks by their options without a handler', () => {
    const registry = new TaskRegistry();
    registry.declareRemote('far_away', { queue: 'remote-q', priority: 'high' });
    expect(registry.has('far_away')).toBe(false);
    expect(registry.optionsOf('far_away')).toEqual({ queue: 'remote-q', priority: 'high' });
    expect(registry.queues()).toEqual(['remote-q']);
  });
});

describe('UnrecoverableTaskError', () => {
  it('sends the task to the dead letters at once, whatever maxRetries', async () => {
    const { Test } = await import('@nestjs/testing');
    const { AcbQueuesModule, Queue, UnrecoverableTaskError, Worker } = await import('@acb/queues');
    const module = await Test.createTestingModule({ imports: [AcbQueuesModule.forRoot({})] }).compile();
    module.useLogger(false);
    await module.init();
    try {
      let runs = 0;
      module.get(TaskRegistry).register('doomed', () => {
        runs++;
        throw new UnrecoverableTaskError('order 7 does not exist');
      }, { maxRetries: 5 });
      const handle = await module.get(Queue).enqueue('doomed', {});
      await module.get(Worker).processAll();
      expect(runs).toBe(1);
      expect(await module.get(Queue).getTask(handle.id)).toMatchObject({
        status: 'dead',
        attempts: 1,
        error: 'UnrecoverableTaskError: order 7 does not exist',
      });
    } finally {
      await module.close();
    }
  });
});
