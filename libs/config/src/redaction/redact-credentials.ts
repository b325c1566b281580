import { Secret } from '../secret';

/** Keys of a connection-options object whose value is a credential. */
const CREDENTIAL_KEYS = /^(pass(word)?|pwd|secret|token|auth|api[-_]?key|access[-_]?key|private[-_]?key|credentials?|sasl)$/i;

/** `scheme://user:password@host` (and `scheme://password@host`): the part between `//` and `@`. */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^\s/?#'"]*)@/gi;

/** `password=...` / `pass=...` in a query string or a libpq/key-value connection string. */
const KEY_VALUE_CREDENTIAL = /\b(pass(?:word)?|pwd|token|secret|api[-_]?key|auth)=([^&\s;'"]*)/gi;

/**
 * The text with every credential of a connection URL or connection string replaced by `[redacted]`:
 * `redis://:pw@host:6379` → `redis://[redacted]@host:6379`, `amqp://user:pw@host` → `amqp://user:[redacted]@host`,
 * `postgres://h/db?password=pw` → `postgres://h/db?password=[redacted]`, `password=pw host=h` likewise.
 * Anything else is left as it is. Use it on every message that may quote a URL (errors, log lines, exit messages).
 */
export function redactCredentials(text: string): string {
  if (!text.includes('@') && !text.includes('=')) return text;
  return text
    .replace(URL_USERINFO, (_match, scheme: string, userinfo: string) => {
      if (userinfo.length === 0) return `${scheme}@`;
      const colon = userinfo.indexOf(':');
      if (colon === -1) return `${scheme}${Secret.REDACTED}@`;
      const user = userinfo.slice(0, colon);
      return `${scheme}${user}${user.length > 0 ? ':' : ''}${Secret.REDACTED}@`;
    })
    .replace(KEY_VALUE_CREDENTIAL, (_match, key: string) => `${key}=${Secret.REDACTED}`);
}

/**
 * A copy of connection options safe to print: credential keys (`password`, `token`, ...) become `[redacted]`,
 * every string goes through `redactCredentials` (URLs), `Secret`s stay redacted. Nested objects and arrays are
 * copied; other values are kept. At most `depth` levels are walked (deeper ones print as `[...]`).
 */
export function redactConnectionOptions(value: unknown, depth = 8): unknown {
  if (typeof value === 'string') return redactCredentials(value);
  if (value instanceof Secret) return Secret.REDACTED;
  if (value === null || typeof value !== 'object') return value;
  if (depth <= 0) return '[...]';
  if (Array.isArray(value)) return value.map((item) => redactConnectionOptions(item, depth - 1));
  if (value instanceof Error) return redactCredentials(value.message);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const credential = CREDENTIAL_KEYS.test(key) && item !== undefined && item !== null && item !== '';
    Object.defineProperty(out, key, {
      value: credential ? Secret.REDACTED : redactConnectionOptions(item, depth - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** The message of anything thrown, with credentials redacted (`redactCredentials`). */
export function redactedErrorMessage(error: unknown): string {
  return redactCredentials(error instanceof Error ? error.message : String(error));
}
