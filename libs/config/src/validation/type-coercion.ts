import 'reflect-metadata';
import { defineValue, isPlainObject, type PlainObject } from '../loading/plain-object';
import { Secret } from '../secret';

const NUMBER_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Converts text to the type a settings class declares, before class-transformer builds the instance:
 * environment overrides (and quoted YAML) are text, the classes want numbers and booleans.
 * The declared type comes from `design:type` metadata, or from the type of the property's default value.
 * - number: decimal text ("8080", "-1.5", "1e3") becomes a number; other text is left for validation to report;
 * - boolean: "true"/"false" (any case) become booleans; other text is left as is (never `Boolean("no") === true`);
 * - string: numbers and booleans become text;
 * - list: text becomes a list of its comma-separated, trimmed, non-empty items (`"a, b"` -> `['a', 'b']`);
 * - a nested settings class (default instance or declared class): converted recursively.
 * Anything else, Secrets included, is left unchanged.
 * Keys are matched in either spelling: `max_retries` (the seed's) or `max-retries` sets the declared property
 * `maxRetries`, so a class default never wins over a snake_case key. When both spellings are written, the
 * declared (camelCase) one wins. Keys the class does not declare are kept as written.
 */
export function coerceToClass(plain: PlainObject, settingsClass: new () => object): PlainObject {
  const defaults = safeInstance(settingsClass);
  const result: PlainObject = {};
  for (const written of Object.keys(plain)) {
    const key = declaredKey(written, settingsClass, defaults);
    if (key !== written && Object.prototype.hasOwnProperty.call(plain, key)) continue;
    defineValue(result, key, coerceValue(plain[written], declaredType(settingsClass, key, defaults)));
  }
  return result;
}

/** The declared camelCase property a `snake_case` / `kebab-case` key means, else the key as written. */
function declaredKey(written: string, settingsClass: new () => object, defaults: object | undefined): string {
  if (!/[_-]/.test(written)) return written;
  const camel = written.replace(/[_-]+([a-zA-Z0-9])/g, (_match, next: string) => next.toUpperCase());
  if (camel === written) return written;
  const declared =
    Reflect.getMetadata('design:type', settingsClass.prototype as object, camel) !== undefined ||
    (defaults !== undefined && Object.prototype.hasOwnProperty.call(defaults, camel));
  return declared ? camel : written;
}

type Declared = NumberConstructor | BooleanConstructor | StringConstructor | ArrayConstructor | (new () => object) | undefined;

function declaredType(settingsClass: new () => object, key: string, defaults: object | undefined): Declared {
  const metadata: unknown = Reflect.getMetadata('design:type', settingsClass.prototype as object, key);
  if (typeof metadata === 'function' && metadata !== Object) return metadata as Declared;
  const fallback: unknown = defaults ? (defaults as Record<string, unknown>)[key] : undefined;
  if (Array.isArray(fallback)) return Array;
  if (typeof fallback === 'number') return Number;
  if (typeof fallback === 'boolean') return Boolean;
  if (typeof fallback === 'string') return String;
  if (fallback !== null && typeof fallback === 'object' && !Array.isArray(fallback) && !isPlainObject(fallback) && !(fallback instanceof Secret)) {
    return fallback.constructor as new () => object;
  }
  return undefined;
}

function coerceValue(value: unknown, type: Declared): unknown {
  if (type === undefined || value instanceof Secret) return value;
  if (type === Number) return typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value.trim()) : value;
  if (type === Boolean) {
    if (typeof value !== 'string') return value;
    const lower = value.trim().toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : value;
  }
  if (type === String) return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  if (type === Array) return typeof value === 'string' ? splitList(value) : value;
  if (isPlainObject(value) && type !== Secret) return coerceToClass(value, type as new () => object);
  return value;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function safeInstance(settingsClass: new () => object): object | undefined {
  try {
    return new settingsClass();
  } catch {
    return undefined;
  }
}
