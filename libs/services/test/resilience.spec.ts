import { Logger } from '@nestjs/common';
import type { CounterMetric, MonitoringAdapter } from '@acb/adapters';
import {
  BulkheadRejectedError,
  CircuitOpenError,
  ConflictError,
  NotFoundError,
  ResilienceRegistry,
  Retry,
  ServiceBase,
  ServiceContext,
  UseCircuitBreaker,
  ValidationService,
  retryAsync,
  TimeoutError,
  ServiceValidationError,
  withTimeout,
} from '../src';

/** Flushes pending promise callbacks between fake-timer steps. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('retryAsync', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('retries until success with exponential, capped delays', async () => {
    const delays: number[] = [];
    let calls = 0;
    const fn = jest.fn(async () => {
      calls++;
      if (calls < 5) throw new Error(`flaky ${calls}`);
      return 'ok';
    });
    const promise = retryAsync(fn, {
      maxRetries: 4,
      backoff: { delayMs: 100, maxDelayMs: 500, multiplier: 3, jitter: 0 },
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    await jest.runAllTimersAsync();
    await expect(promise).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(5);
    expect(delays).toEqual([100, 300, 500, 500]);
  });

  it('passes the attempt number and throws the last error when attempts run out', async () => {
    const attempts: number[] = [];
    const promise = retryAsync(
      async (attempt) => {
        attempts.push(attempt);
        throw new Error(`failure ${attempt}`);
      },
      { maxRetries: 2, backoff: { delayMs: 10, jitter: 0 } },
    );
    const assertion = expect(promise).rejects.toThrow('failure 3');
    await jest.runAllTimersAsync();
    await assertion;
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('waits for the backoff before the next attempt', async () => {
    const fn = jest.fn().mockRejectedValueOnce(new Error('once')).mockResolvedValue('ok');
    const promise = retryAsync(fn, { backoff: { delayMs: 1000, jitter: 0 } });
    await settle();
    expect(fn).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(999);
    expect(fn).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(promise).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('keeps jittered delays within [d * (1 - jitter), d]: [d/2, d] by default, [0, d] with jitter 1', async () => {
    const half: number[] = [];
    const full: number[] = [];
    for (const [jitter, into] of [[undefined, half], [1, full]] as const) {
      const promise = retryAsync(async () => Promise.reject(new Error('x')), {
        maxRetries: 5,
        backoff: { delayMs: 1000, maxDelayMs: 1000, jitter },
        onRetry: ({ delayMs }) => into.push(delayMs),
      });
      const assertion = expect(promise).rejects.toThrow('x');
      await jest.runAllTimersAsync();
      await assertion;
    }
    expect(half).toHaveLength(5);
    expect(half.every((delay) => delay >= 500 && delay <= 1000)).toBe(true);
    expect(full.every((delay) => delay >= 0 && delay <= 1000)).toBe(true);
  });

  it('counts maxRetries after the first attempt, as tasks and event handlers do: 0 runs once; defaults to 2', async () => {
    const once = jest.fn().mockRejectedValue(new Error('down'));
    await expect(retryAsync(once, { maxRetries: 0 })).rejects.toThrow('down');
    expect(once).toHaveBeenCalledTimes(1);
    const thrice = jest.fn().mockRejectedValue(new Error('down'));
    const promise = retryAsync(thrice);
    const assertion = expect(promise).rejects.toThrow('down');
    await jest.runAllTimersAsync();
    await assertion;
    expect(thrice).toHaveBeenCalledTimes(3);
  });

  it('rejects a maxRetries that is not an integer >= 0, naming the rule', async () => {
    await expect(retryAsync(async () => 'never', { maxRetries: -1 })).rejects.toThrow(/maxRetries must be an integer >= 0 \(retries after the first attempt\)/);
  });

  it.each([
    ['ServiceValidationError', new ServiceValidationError([])],
    ['NotFoundError', new NotFoundError('User', 1)],
    ['ConflictError', new ConflictError('dup')],
  ])('does not retry a %s by default', async (_name, error) => {
    const fn = jest.fn().mockRejectedValue(error);
    await expect(retryAsync(fn, { maxRetries: 2 })).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('retries only the error classes given in retryOn', async () => {
    class Transient extends Error {}
    const fn = jest.fn().mockRejectedValueOnce(new Transient('t')).mockRejectedValueOnce(new TypeError('bug')).mockResolvedValue('never');
    const promise = retryAsync(fn, { maxRetries: 4, retryOn: [Transient], backoff: { delayMs: 1, jitter: 0 } });
    const assertion = expect(promise).rejects.toThrow(TypeError);
    await jest.runAllTimersAsync();
    await assertion;
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('@Retry retries a method with its arguments and this', async () => {
    class Client {
      calls = 0;

      @Retry({ maxRetries: 2, backoff: { delayMs: 5, jitter: 0 } })
      async fetch(id: number): Promise<string> {
        this.calls++;
        if (this.calls < 3) throw new Error('503');
        return `item ${id}`;
      }
    }
    const client = new Client();
    const promise = client.fetch(7);
    await jest.runAllTimersAsync();
    await expect(promise).resolves.toBe('item 7');
    expect(client.calls).toBe(3);
  });
});

describe('withTimeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('rejects with a TimeoutError and aborts the signal', async () => {
    let signal: AbortSignal | undefined;
    const promise = withTimeout(
      (s) => {
        signal = s;
        return new Promise<string>(() => undefined);
      },
      1000,
      'fetch profile',
    );
    const assertion = expect(promise).rejects.toThrow(TimeoutError);
    await jest.advanceTimersByTimeAsync(1000);
    await assertion;
    await expect(promise).rejects.toThrow('fetch profile timed out after 1000 ms');
    expect(signal?.aborted).toBe(true);
  });

  it('returns the result when in time', async () => {
    const promise = withTimeout(() => new Promise((resolve) => setTimeout(() => resolve('done'), 500)), 1000);
    await jest.advanceTimersByTimeAsync(500);
    await expect(promise).resolves.toBe('done');
  });
});

describe('circuit breaker (state machine with fake timers)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const fail = () => Promise.reject(new Error('down'));
  const succeed = () => Promise.resolve('up');

  it('closed -> open after failures -> half-open after cool-down -> closed after a success', async () => {
    const registry = new ResilienceRegistry();
    const breaker = registry.circuitBreaker('payments', { failureThreshold: 3, halfOpenAfterMs: 10_000 });
    const transitions: string[] = [];
    breaker.onStateChange(({ from, to }) => transitions.push(`${from}->${to}`));

    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(fail)).rejects.toThrow('down');
    await expect(breaker.execute(fail)).rejects.toThrow('down');
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(fail)).rejects.toThrow('down');
    expect(breaker.state).toBe('open');

    const untouched = jest.fn(succeed);
    await expect(breaker.execute(untouched)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(untouched).not.toHaveBeenCalled();

    jest.advanceTimersByTime(9_999);
    expect(breaker.state).toBe('open');
    await expect(breaker.execute(succeed)).rejects.toBeInstanceOf(CircuitOpenError);
    jest.advanceTimersByTime(1);
    expect(breaker.state).toBe('half-open');

    await expect(breaker.execute(succeed)).resolves.toBe('up');
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
    expect(breaker.stats()).toMatchObject({ failures: 3, rejections: 2, transitions: { open: 1, 'half-open': 1, closed: 1 } });
  });

  it('a failed trial call opens the circuit again for another cool-down', async () => {
    const breaker = new ResilienceRegistry().circuitBreaker('mail', { failureThreshold: 1, halfOpenAfterMs: 1000 });
    await expect(breaker.execute(fail)).rejects.toThrow('down');
    jest.advanceTimersByTime(1000);
    await expect(breaker.execute(fail)).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    await expect(breaker.execute(succeed)).rejects.toBeInstanceOf(CircuitOpenError);
    jest.advanceTimersByTime(1000);
    await expect(breaker.execute(succeed)).resolves.toBe('up');
    expect(breaker.state).toBe('closed');
  });

  it('a success resets the consecutive failure count', async () => {
    const breaker = new ResilienceRegistry().circuitBreaker('x', { failureThreshold: 2 });
    await expect(breaker.execute(fail)).rejects.toThrow();
    await breaker.execute(succeed);
    await expect(breaker.execute(fail)).rejects.toThrow();
    expect(breaker.state).toBe('closed');
  });

  it('shares state by name within a registry, not across registries (apps)', async () => {
    const registry = new ResilienceRegistry();
    const first = registry.circuitBreaker('crm', { failureThreshold: 1 });
    await expect(first.execute(fail)).rejects.toThrow();
    expect(registry.circuitBreaker('crm')).toBe(first);
    expect(registry.circuitBreaker('crm').state).toBe('open');
    expect(new ResilienceRegistry().circuitBreaker('crm').state).toBe('closed');
    expect(registry.stats().map((stats) => stats.name)).toEqual(['crm']);
  });

  it('logs state changes (a warning when the circuit opens)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const breaker = new ResilienceRegistry().circuitBreaker('ledger', { failureThreshold: 1, halfOpenAfterMs: 10 });
      await expect(breaker.execute(fail)).rejects.toThrow();
      jest.advanceTimersByTime(10);
      await breaker.execute(succeed);
      expect(warn).toHaveBeenCalledWith('Circuit breaker "ledger": closed -> open');
      expect(log.mock.calls.map(([message]) => message)).toEqual([
        'Circuit breaker "ledger": open -> half-open',
        'Circuit breaker "ledger": half-open -> closed',
      ]);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('counts transitions through the monitoring adapter and uses module defaults', async () => {
    const inc = jest.fn();
    const monitoring = { enabled: true, counter: jest.fn((): CounterMetric => ({ inc })) } as unknown as MonitoringAdapter;
    const registry = new ResilienceRegistry({ circuitBreaker: { failureThreshold: 1, halfOpenAfterMs: 50 } }, monitoring);
    const breaker = registry.circuitBreaker('erp');
    await expect(breaker.execute(fail)).rejects.toThrow();
    jest.advanceTimersByTime(50);
    await breaker.execute(succeed);
    expect(inc.mock.calls).toEqual([[{ name: 'erp', to: 'open' }], [{ name: 'erp', to: 'half-open' }], [{ name: 'erp', to: 'closed' }]]);
  });

  it('only counts failures that isFailure accepts', async () => {
    const breaker = new ResilienceRegistry().circuitBreaker('y', { failureThreshold: 1, isFailure: (e) => !(e instanceof NotFoundError) });
    await expect(breaker.execute(() => Promise.reject(new NotFoundError('User', 1)))).rejects.toBeInstanceOf(NotFoundError);
    expect(breaker.state).toBe('closed');
  });
});

describe('@UseCircuitBreaker on a service', () => {
  it('shares one breaker between instances through the application registry', async () => {
    class Crm extends ServiceBase {
      @UseCircuitBreaker('crm', { failureThreshold: 2 })
      async push(fail: boolean): Promise<string> {
        if (fail) throw new Error('crm down');
        return 'pushed';
      }
    }
    const resilience = new ResilienceRegistry();
    const context = new ServiceContext(new ValidationService(), resilience);
    const first = new Crm().useContext(context);
    const second = new Crm().useContext(context);
    await expect(first.push(true)).rejects.toThrow('crm down');
    await expect(second.push(true)).rejects.toThrow('crm down');
    await expect(first.push(false)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(resilience.circuitBreaker('crm').state).toBe('open');
    await expect(new Crm().push(false)).rejects.toThrow(/resilience/);
  });
});

describe('bulkhead', () => {
  it('runs at most limit calls, queues queue more and rejects the rest', async () => {
    const bulkhead = new ResilienceRegistry().bulkhead('reports', { limit: 2, queue: 1 });
    const releases: Array<() => void> = [];
    const started: number[] = [];
    const task = (id: number) => () =>
      new Promise<number>((resolve) => {
        started.push(id);
        releases.push(() => resolve(id));
      });
    const running = [bulkhead.execute(task(1)), bulkhead.execute(task(2)), bulkhead.execute(task(3))];
    await expect(bulkhead.execute(task(4))).rejects.toBeInstanceOf(BulkheadRejectedError);
    await settle();
    expect(started).toEqual([1, 2]);
    releases.shift()!();
    await settle();
    expect(started).toEqual([1, 2, 3]);
    releases.forEach((release) => release());
    await expect(Promise.all(running)).resolves.toEqual([1, 2, 3]);
  });
});
