import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A secret value read from the secrets directory (`${secret:NAME}` in a settings file).
 *
 * It prints as `[redacted]` everywhere a value usually leaks: `String(secret)`, template strings,
 * `JSON.stringify`, `util.inspect` / `console.log` and Nest/pino log serialisation. Call `reveal()` at the one
 * place that needs the real value (a connection string, a client option).
 */
export class Secret {
  /** The text shown instead of the value. */
  static readonly REDACTED = REDACTED;

  readonly #value: string;

  /** @param value the secret text (a missing value is kept as the empty string) */
  constructor(value: string = '') {
    this.#value = value;
  }

  /** The real value. Never log it. */
  reveal(): string {
    return this.#value;
  }

  /** Compares the revealed values without exposing them. */
  equals(other: unknown): boolean {
    return other instanceof Secret && other.#value === this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }
}
