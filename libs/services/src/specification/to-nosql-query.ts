import type { NoSqlQuery } from '@acb/adapters';
import { SpecificationError } from '../errors/specification.error';
import { ServicesMessages } from '../services.messages';
import { toNnf, type Literal, type NnfNode, type SpecNode } from './spec-node';

type Condition = Record<string, unknown>;

const NEGATED_COMPARISON: Record<string, string> = { gt: '$lte', gte: '$lt', lt: '$gte', lte: '$gt' };

/**
 * NOTE: `$ne`/`$nin` match a missing or null field (MongoDB semantics) while SQL's `NOT(a = v)` does not, so
 * negated equality becomes `$nin: [...values, null]` (null in `$in`/`$nin` also stands for a missing field).
 */
function conditionsFor(lit: Literal): Condition | undefined {
  if (!lit.negated) {
    switch (lit.op) {
      case 'ne':
        return { $nin: [lit.value, null] };
      case 'eq':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
      case 'in':
        return { [`$${lit.op}`]: lit.value };
      case 'between': {
        const [low, high] = lit.value as [unknown, unknown];
        return { $gte: low, $lte: high };
      }
      case 'isNull':
        return { $eq: null };
      case 'like':
        throw new SpecificationError(ServicesMessages.notExpressibleInNoSql(`like on "${lit.field}" (no pattern operator)`));
    }
  }
  switch (lit.op) {
    case 'eq':
      return { $nin: [lit.value, null] };
    case 'ne':
      return { $eq: lit.value };
    case 'in': {
      const values = lit.value as unknown[];
      // NOTE: NOT(x IN ()) is true for every row, NULLs included: no condition at all.
      return values.length === 0 ? undefined : { $nin: [...values, null] };
    }
    case 'isNull':
      return { $ne: null };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { [NEGATED_COMPARISON[lit.op]]: lit.value };
    case 'between':
      throw new SpecificationError(ServicesMessages.notExpressibleInNoSql(`not(between) on "${lit.field}" (an OR)`));
    case 'like':
      throw new SpecificationError(ServicesMessages.notExpressibleInNoSql(`not(like) on "${lit.field}"`));
  }
}

function collect(node: NnfNode, into: Literal[]): void {
  if (node.kind === 'lit') {
    into.push(node.lit);
    return;
  }
  if (node.kind === 'or') {
    throw new SpecificationError(
      ServicesMessages.notExpressibleInNoSql('or (also from not(and(...))); the query language has no $or'),
    );
  }
  for (const child of node.children) collect(child, into);
}

/**
 * Translates a specification into the nosql adapter's query language (`{ field: { $op: value } }`, AND across
 * fields). Only conjunctions translate: `or`, `like`, `not(between)` and `not(like)` throw a `SpecificationError`.
 */
export function toNoSqlQuery(node: SpecNode): NoSqlQuery {
  const literals: Literal[] = [];
  collect(toNnf(node), literals);
  const query: Record<string, Condition> = {};
  for (const lit of literals) {
    const conditions = conditionsFor(lit);
    if (!conditions) continue;
    const target = (query[lit.field] ??= {});
    for (const [operator, value] of Object.entries(conditions)) {
      target[operator] = operator in target ? merge(lit.field, operator, target[operator], value) : value;
    }
  }
  return query;
}

/** Two tests with one operator on one field in an AND: `$nin` lists unite, `$in` lists intersect, others must agree. */
function merge(field: string, operator: string, existing: unknown, next: unknown): unknown {
  const key = (value: unknown) => JSON.stringify(value);
  if (operator === '$nin') {
    const seen = new Set((existing as unknown[]).map(key));
    return [...(existing as unknown[]), ...(next as unknown[]).filter((value) => !seen.has(key(value)))];
  }
  if (operator === '$in') {
    const allowed = new Set((next as unknown[]).map(key));
    return (existing as unknown[]).filter((value) => allowed.has(key(value)));
  }
  if (key(existing) !== key(next)) throw new SpecificationError(ServicesMessages.conflictingNoSqlCondition(field, operator));
  return existing;
}
