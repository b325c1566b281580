import type { NoSqlUpdate } from '../nosql.adapter';
import { NoSqlUpdateError } from '../errors/nosql-update.error';
import { NOSQL_MESSAGES } from '../nosql.messages';
import { type FieldPath, isPlainObject, parseFieldPath } from './field-path';
import { normalizeJson } from './json-value';

export const UPDATE_OPERATORS = ['$set', '$inc', '$unset'] as const;

export type UpdateOperation =
  | (FieldPath & { kind: '$set'; value: unknown })
  | (FieldPath & { kind: '$inc'; value: number })
  | (FieldPath & { kind: '$unset' });

/**
 * Checks an update: known operators only, at least one field, no `_id`, no path changed twice
 * (`a` and `a.b` in one update overlap), `$inc` by finite numbers. `$set` values are normalised JSON.
 */
export function parseUpdate(update: NoSqlUpdate | unknown): UpdateOperation[] {
  if (!isPlainObject(update)) throw new NoSqlUpdateError(NOSQL_MESSAGES.updateNotObject());
  const operations: UpdateOperation[] = [];
  for (const name of Object.keys(update)) {
    if (!(UPDATE_OPERATORS as readonly string[]).includes(name)) {
      throw new NoSqlUpdateError(NOSQL_MESSAGES.unknownUpdateOperator(name, UPDATE_OPERATORS));
    }
    const fields = update[name];
    if (!isPlainObject(fields)) throw new NoSqlUpdateError(NOSQL_MESSAGES.updateOperand(name));
    for (const [path, raw] of Object.entries(fields)) {
      const field = parseFieldPath(path, NoSqlUpdateError);
      if (field.segments[0] === '_id') throw new NoSqlUpdateError(NOSQL_MESSAGES.updateId());
      if (name === '$set') {
        if (raw === undefined) throw new NoSqlUpdateError(`$set on field '${path}' with undefined; use $unset`);
        const value = normalizeJson(raw, { where: `$set on field '${path}'`, documentKeys: true, ErrorClass: NoSqlUpdateError });
        operations.push({ ...field, kind: '$set', value });
      } else if (name === '$inc') {
        if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new NoSqlUpdateError(NOSQL_MESSAGES.incOperand(path));
        operations.push({ ...field, kind: '$inc', value: raw });
      } else {
        operations.push({ ...field, kind: '$unset' });
      }
    }
  }
  if (operations.length === 0) throw new NoSqlUpdateError(NOSQL_MESSAGES.emptyUpdate(UPDATE_OPERATORS));
  checkOverlaps(operations);
  return operations;
}

function checkOverlaps(operations: UpdateOperation[]): void {
  for (let i = 0; i < operations.length; i++) {
    for (let j = i + 1; j < operations.length; j++) {
      const a = operations[i].segments;
      const b = operations[j].segments;
      const shorter = Math.min(a.length, b.length);
      if (a.slice(0, shorter).every((segment, k) => segment === b[k])) {
        throw new NoSqlUpdateError(NOSQL_MESSAGES.updateConflict(operations[i].path, operations[j].path));
      }
    }
  }
}
