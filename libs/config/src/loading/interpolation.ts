import { MissingEnvVariableError } from '../errors/missing-env-variable.error';
import { UnknownSecretError } from '../errors/unknown-secret.error';
import { Secret } from '../secret';
import { defineValue, isPlainObject, joinPath, type PlainObject } from './plain-object';

/** What `${secret:NAME}` and `${env:NAME}` resolve against. */
export interface InterpolationContext {
  secrets: ReadonlyMap<string, string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Secrets directory as shown in messages. */
  secretsDir: string;
  /** Source shown in messages (a file, an environment variable). */
  source: string;
}

const REFERENCE = /\$\{(secret|env):([^}]*)\}/g;
const WHOLE_REFERENCE = /^\$\{(secret|env):([^}]*)\}$/;

/**
 * Resolves references in every string of a tree (returns a new tree):
 * - `${secret:NAME}` as the whole string gives a `Secret`; inside a larger string
 *   (`postgres://app:${secret:db_password}@db/app`) the whole resolved string becomes a `Secret`;
 * - `${env:NAME}` (or `${env:NAME:-default}`) is replaced by the variable's text;
 * - any other `${...}` is left alone (workflow params use `${order_id}` themselves).
 */
export function interpolateTree(value: unknown, context: InterpolationContext, keyPath: string): unknown {
  if (typeof value === 'string') return interpolateString(value, context, keyPath);
  if (Array.isArray(value)) return value.map((item, index) => interpolateTree(item, context, joinPath(keyPath, String(index))));
  if (isPlainObject(value)) {
    const result: PlainObject = {};
    for (const key of Object.keys(value)) defineValue(result, key, interpolateTree(value[key], context, joinPath(keyPath, key)));
    return result;
  }
  return value;
}

/** Resolves the references of one string (see interpolateTree). */
export function interpolateString(text: string, context: InterpolationContext, keyPath: string): string | Secret {
  if (!text.includes('${')) return text;
  const whole = WHOLE_REFERENCE.exec(text);
  if (whole?.[1] === 'secret') return new Secret(lookupSecret(whole[2] ?? '', context, keyPath));
  let usesSecret = false;
  const resolved = text.replace(REFERENCE, (_match, kind: string, reference: string) => {
    if (kind === 'secret') {
      usesSecret = true;
      return lookupSecret(reference, context, keyPath);
    }
    return lookupEnv(reference, context, keyPath);
  });
  return usesSecret ? new Secret(resolved) : resolved;
}

function lookupSecret(name: string, context: InterpolationContext, keyPath: string): string {
  const value = context.secrets.get(name.trim());
  if (value === undefined) throw new UnknownSecretError(name, context.source, keyPath, context.secretsDir);
  return value;
}

function lookupEnv(reference: string, context: InterpolationContext, keyPath: string): string {
  const separator = reference.indexOf(':-');
  const name = (separator === -1 ? reference : reference.slice(0, separator)).trim();
  const fallback = separator === -1 ? undefined : reference.slice(separator + 2);
  const value = Object.prototype.hasOwnProperty.call(context.env, name) ? context.env[name] : undefined;
  if (value !== undefined) return value;
  if (fallback !== undefined) return fallback;
  throw new MissingEnvVariableError(name, context.source, keyPath);
}
