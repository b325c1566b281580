import { readPath } from './field-path';
import { compareStrings, jsonEquals } from './json-value';
import type { QueryCondition } from './query.parser';

/**
 * Whether a document satisfies every condition. The reference semantics (PostgreSQL's SQL translation matches it):
 * - `$eq v` is deep JSON equality; `$eq null` also matches a missing field. Arrays are values, not traversed.
 * - `$ne` / `$nin` are the exact negation of `$eq` / `$in`, so they match missing fields (as MongoDB does).
 * - `$gt $gte $lt $lte` only match a field of the operand's type: numbers as numbers, strings by code point.
 *   A missing field, null, or a value of another type never matches.
 * - `$exists: true` matches a present field, even when it is null.
 */
export function matchesQuery(doc: unknown, conditions: readonly QueryCondition[]): boolean {
  return conditions.every((condition) => matchesCondition(doc, condition));
}

function matchesCondition(doc: unknown, condition: QueryCondition): boolean {
  const { found, value } = readPath(doc, condition.segments);
  switch (condition.op) {
    case '$eq':
      return equalsOperand(found, value, condition.value);
    case '$ne':
      return !equalsOperand(found, value, condition.value);
    case '$in':
      return condition.value.some((item) => equalsOperand(found, value, item));
    case '$nin':
      return !condition.value.some((item) => equalsOperand(found, value, item));
    case '$exists':
      return found === condition.value;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (!found || typeof value !== typeof condition.value) return false;
      const order =
        typeof value === 'number'
          ? Math.sign(value - (condition.value as number))
          : compareStrings(value as string, condition.value as string);
      if (condition.op === '$gt') return order > 0;
      if (condition.op === '$gte') return order >= 0;
      if (condition.op === '$lt') return order < 0;
      return order <= 0;
    }
  }
}

function equalsOperand(found: boolean, value: unknown, operand: unknown): boolean {
  if (operand === null) return !found || value === null;
  return found && jsonEquals(value, operand);
}
