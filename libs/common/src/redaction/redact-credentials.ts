import { isSecretLike, REDACTED } from '../secrets/secret-like';

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
      if (colon === -1) return `${scheme}${REDACTED}@`;
      const user = userinfo.slice(0, colon);
      return `${scheme}${user}${user.length > 0 ? ':' : ''}${REDACTED}@`;
    })
    .replace(KEY_VALUE_CREDENTIAL, (_match, key: string) => `${key}=${REDACTED}`);
}

/**
 * A copy of connection options safe to print: credential keys (`password`, `token`, ...) become `[redacted]`,
 * every string goes through `redactCredentials` (URLs), secrets (`Secret` of @acb/config) stay redacted. Nested objects and arrays are
 * copied; other values are kept. At most `depth` levels are walked (deeper ones print as `[...]`).
 */
export function redactConnectionOptions(value: unknown, depth = 8): unknown {
  if (typeof value === 'string') return redactCredentials(value);
  if (isSecretLike(value)) return REDACTED;
  if (value === null || typeof value !== 'object') return value;
  if (depth <= 0) return '[...]';
  if (Array.isArray(value)) return value.map((item) => redactConnectionOptions(item, depth - 1));
  if (value instanceof Error) return redactCredentials(value.message);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const credential = CREDENTIAL_KEYS.test(key) && item !== undefined && item !== null && item !== '';
    Object.defineProperty(out, key, {
      value: credential ? REDACTED : redactConnectionOptions(item, depth - 1),
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

/**
 * Redacts credentials in an error in place and returns it: `message`, `stack`, every own string property (Node's
 * `ERR_INVALID_URL` keeps the whole URL in `input`), and the same for `cause` and `AggregateError.errors`.
 * Use it where an error leaves a library that was handed a connection URL or options, so neither its message nor a
 * printed stack or `util.inspect` of it can show a password.
 */
export function redactError<T>(error: T): T {
  scrubError(error, new Set(), 0);
  return error;
}

function scrubError(error: unknown, seen: Set<object>, depth: number): void {
  if (typeof error !== 'object' || error === null || seen.has(error) || depth > 8) return;
  seen.add(error);
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (!descriptor || !('value' in descriptor) && key !== 'stack') continue;
    const value = (error as Record<string, unknown>)[key];
    if (typeof value === 'string') {
      const redacted = CREDENTIAL_KEYS.test(key) && value.length > 0 ? REDACTED : redactCredentials(value);
      if (redacted !== value) trySet(error, key, redacted);
    } else if (key === 'cause' || key === 'errors' || value instanceof Error) {
      if (Array.isArray(value)) for (const item of value) scrubError(item, seen, depth + 1);
      else scrubError(value, seen, depth + 1);
    }
  }
}

function trySet(target: object, key: string, value: string): void {
  try {
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: key !== 'stack' && key !== 'message' });
  } catch {
    // NOTE: a frozen error keeps its text; the callers' own messages are redacted separately.
  }
}
