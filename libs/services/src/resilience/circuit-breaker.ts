import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { CircuitOpenError } from '../errors/circuit-open.error';
import type { CircuitBreakerOptions, CircuitBreakerState, CircuitBreakerStats } from './circuit-breaker.interface';

const STATE_NAMES: Record<CircuitState, CircuitBreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export type CircuitStateListener = (change: { name: string; from: CircuitBreakerState; to: CircuitBreakerState }) => void;

/**
 * A named circuit breaker (cockatiel underneath): closed -> open after `failureThreshold` consecutive failures ->
 * half-open after `halfOpenAfterMs` -> closed when the trial call succeeds (open again when it fails).
 * While open, `execute` rejects with `CircuitOpenError` without calling `fn`. Get shared instances from
 * `ResilienceRegistry.circuitBreaker(name)`.
 */
export class CircuitBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private readonly listeners: CircuitStateListener[] = [];
  private current: CircuitBreakerState = 'closed';
  private openedAt = 0;
  private readonly halfOpenAfterMs: number;
  private readonly counters = {
    successes: 0,
    failures: 0,
    rejections: 0,
    transitions: { closed: 0, open: 0, 'half-open': 0, isolated: 0 } as Record<CircuitBreakerState, number>,
  };

  constructor(
    readonly name: string,
    options: CircuitBreakerOptions = {},
  ) {
    const isFailure = options.isFailure ?? (() => true);
    this.halfOpenAfterMs = options.halfOpenAfterMs ?? 30_000;
    this.policy = circuitBreaker(
      handleWhen((error) => isFailure(error)),
      {
        halfOpenAfter: this.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(options.failureThreshold ?? 5),
      },
    );
    this.policy.onStateChange((state) => {
      const from = this.current;
      const to = STATE_NAMES[state];
      this.current = to;
      if (to === 'open') this.openedAt = Date.now();
      this.counters.transitions[to]++;
      for (const listener of this.listeners) listener({ name: this.name, from, to });
    });
    this.policy.onSuccess(() => void this.counters.successes++);
    this.policy.onFailure(({ handled }) => {
      if (handled) this.counters.failures++;
    });
  }

  /** The state now. An open circuit whose cool-down has passed reports `half-open`: the next call is the trial. */
  get state(): CircuitBreakerState {
    const state = STATE_NAMES[this.policy.state];
    if (state === 'open' && Date.now() - this.openedAt >= this.halfOpenAfterMs) return 'half-open';
    return state;
  }

  async execute<T>(fn: (signal: AbortSignal) => Promise<T> | T): Promise<T> {
    try {
      return await this.policy.execute(({ signal }) => fn(signal));
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        this.counters.rejections++;
        throw new CircuitOpenError(this.name, { cause: error });
      }
      throw error;
    }
  }

  /** Holds the circuit open until the returned handle is disposed (maintenance, known outage). */
  isolate(): { dispose(): void } {
    return this.policy.isolate();
  }

  onStateChange(listener: CircuitStateListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  stats(): CircuitBreakerStats {
    return {
      name: this.name,
      state: this.state,
      successes: this.counters.successes,
      failures: this.counters.failures,
      rejections: this.counters.rejections,
      transitions: { ...this.counters.transitions },
    };
  }
}
