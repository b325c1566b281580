/** `closed`: calls pass. `open`: calls are rejected. `half-open`: one trial call decides. `isolated`: held open by hand. */
export type CircuitBreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. @default 5 */
  failureThreshold?: number;
  /** Cool-down before an open circuit lets a trial call through. @default 30000 */
  halfOpenAfterMs?: number;
  /** Which errors count as failures. @default every error */
  isFailure?: (error: unknown) => boolean;
}

export interface CircuitBreakerStats {
  name: string;
  state: CircuitBreakerState;
  successes: number;
  failures: number;
  /** Calls rejected while open. */
  rejections: number;
  /** Transitions by target state. */
  transitions: Record<CircuitBreakerState, number>;
}

export interface BulkheadOptions {
  /** Calls running at once. @default 10 */
  limit?: number;
  /** Calls waiting for a slot; more are rejected. @default 0 */
  queue?: number;
}
