import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigMessages } from '../config.messages';
import type { ConfigValidationIssue } from '../interfaces/config-validation-issue.interface';
import type { SettingsClass } from '../interfaces/settings-class.interface';
import { getPath, isPlainObject, type PlainObject } from '../loading/plain-object';
import type { RawSection } from '../loading/settings.loader';
import { Secret } from '../secret';
import { coerceToClass } from './type-coercion';

/** The result of validating one section against its class. */
export type SectionValidation<T extends object> = { instance: T; issues?: undefined } | { instance?: undefined; issues: ConfigValidationIssue[] };

/**
 * Builds the section's class instance (defaults for missing keys, text converted to the declared property
 * types, see coerceToClass) and validates it with class-validator (first failed rule per key). Secrets are kept as the very objects
 * the loader made (class-transformer would copy them into empty Secrets).
 */
export function validateSection<T extends object>(name: string, settingsClass: SettingsClass<T>, raw: RawSection | undefined): SectionValidation<T> {
  const plain: PlainObject = raw?.value ?? {};
  const shaped = coerceToClass(plain, settingsClass);
  const instance = plainToInstance(settingsClass, shaped, { exposeDefaultValues: true });
  restoreSecrets(instance, shaped);
  const errors = validateSync(instance, { stopAtFirstError: true });
  if (errors.length === 0) return { instance };
  const issues: ConfigValidationIssue[] = [];
  collectIssues(errors, [], name, plain, raw, issues);
  return { issues };
}

function restoreSecrets(target: unknown, plain: unknown): void {
  if (target === null || typeof target !== 'object') return;
  const entries: Array<[string, unknown]> = Array.isArray(plain)
    ? plain.map((item, index): [string, unknown] => [String(index), item])
    : isPlainObject(plain)
      ? Object.entries(plain)
      : [];
  for (const [key, value] of entries) {
    if (value instanceof Secret) {
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      restoreSecrets((target as Record<string, unknown>)[key], value);
    }
  }
}

function collectIssues(
  errors: readonly ValidationError[],
  parentPath: readonly string[],
  section: string,
  plain: PlainObject,
  raw: RawSection | undefined,
  issues: ConfigValidationIssue[],
): void {
  for (const error of errors) {
    const path = [...parentPath, error.property];
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const rawValue = getPath(plain, path);
      const value = rawValue === undefined ? error.value : rawValue;
      issues.push({
        section,
        keyPath: [section, ...path].join('.'),
        source: sourceOf(path, section, raw),
        constraint,
        message: value instanceof Secret && constraint !== 'isSecret' ? `${message}; ${ConfigMessages.secretHint()}` : message,
        value: displayValue(value),
      });
    }
    collectIssues(error.children ?? [], path, section, plain, raw, issues);
  }
}

function sourceOf(path: readonly string[], section: string, raw: RawSection | undefined): string {
  for (let length = path.length; length > 0; length -= 1) {
    const source = raw?.origins.get(path.slice(0, length).join('.'));
    if (source !== undefined) return source;
  }
  return raw?.file ?? ConfigMessages.noFileSource(section);
}

/** A value as shown in an error: JSON text, `[redacted]` for secrets (also inside objects), `missing`. */
export function displayValue(value: unknown): string {
  if (value === undefined) return ConfigMessages.missingValue();
  if (value instanceof Secret) return Secret.REDACTED;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
