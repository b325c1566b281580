import type { QueryCondition, SortKey } from '../query/query.parser';

/** Collects positional parameters (`$1`, `$2`, ...) while SQL text is built. */
export class SqlParameters {
  readonly values: unknown[] = [];

  constructor(initial: unknown[] = []) {
    this.values.push(...initial);
  }

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const NULL_JSON = `'null'::jsonb`;

/**
 * Translates checked conditions into a SQL boolean over the `doc` jsonb column, with the semantics of
 * `matchesQuery` (see query.matcher.ts). Every fragment is TRUE or FALSE, never NULL, so `NOT` is a safe negation.
 * Values travel as parameters only; field paths too (`doc #> $n::text[]`).
 */
export function translateConditions(conditions: readonly QueryCondition[], params: SqlParameters): string {
  if (conditions.length === 0) return 'TRUE';
  return conditions.map((condition) => translateCondition(condition, params)).join(' AND ');
}

function field(segments: readonly string[], params: SqlParameters): string {
  return `(doc #> ${params.add(segments)}::text[])`;
}

function translateCondition(condition: QueryCondition, params: SqlParameters): string {
  // NOTE: `_id` always equals the primary-key column `id`, so equality on it uses the index.
  if (condition.segments.length === 1 && condition.segments[0] === '_id') {
    const byId = translateIdCondition(condition, params);
    if (byId) return byId;
  }
  if ((condition.op === '$in' || condition.op === '$nin') && condition.value.length === 0) {
    return condition.op === '$in' ? 'FALSE' : 'TRUE';
  }
  const x = field(condition.segments, params);
  switch (condition.op) {
    case '$eq':
      return equals(x, condition.value, params);
    case '$ne':
      return `NOT ${equals(x, condition.value, params)}`;
    case '$in':
      return member(x, condition.value, params);
    case '$nin':
      return `NOT ${member(x, condition.value, params)}`;
    case '$exists':
      return condition.value ? `(${x} IS NOT NULL)` : `(${x} IS NULL)`;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const sqlOp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[condition.op];
      if (typeof condition.value === 'number') {
        // jsonb orders numbers numerically; the type guard keeps other types out (no cast that could fail).
        return `COALESCE(jsonb_typeof(${x}) = 'number' AND ${x} ${sqlOp} ${params.add(JSON.stringify(condition.value))}::jsonb, FALSE)`;
      }
      return `COALESCE(jsonb_typeof(${x}) = 'string' AND (${x} #>> '{}') COLLATE "C" ${sqlOp} ${params.add(condition.value)}::text, FALSE)`;
    }
  }
}

function translateIdCondition(condition: QueryCondition, params: SqlParameters): string | undefined {
  if (condition.op === '$eq' && typeof condition.value === 'string') return `(id = ${params.add(condition.value)})`;
  if (condition.op === '$in' && condition.value.every((item) => typeof item === 'string')) {
    return `(id = ANY(${params.add(condition.value)}::text[]))`;
  }
  return undefined;
}

function equals(x: string, value: unknown, params: SqlParameters): string {
  if (value === null) return `(${x} IS NULL OR ${x} = ${NULL_JSON})`;
  return `COALESCE(${x} = ${params.add(JSON.stringify(value))}::jsonb, FALSE)`;
}

function member(x: string, values: readonly unknown[], params: SqlParameters): string {
  const parts: string[] = [];
  const nonNull = values.filter((value) => value !== null);
  if (nonNull.length > 0) {
    parts.push(`COALESCE(${x} = ANY(${params.add(nonNull.map((value) => JSON.stringify(value)))}::jsonb[]), FALSE)`);
  }
  if (nonNull.length !== values.length) parts.push(`${x} IS NULL OR ${x} = ${NULL_JSON}`);
  return `(${parts.join(' OR ')})`;
}

/**
 * ORDER BY with the cross-type order of `compareForSort` (document.sort.ts): a type rank first, then the value
 * within the type (numbers and booleans as jsonb, strings by code point), then `id` by code point.
 */
export function translateSort(sort: readonly SortKey[], params: SqlParameters): string {
  const terms: string[] = [];
  for (const key of sort) {
    const x = field(key.segments, params);
    const direction = key.direction === 1 ? 'ASC' : 'DESC';
    terms.push(
      `CASE jsonb_typeof(${x}) WHEN 'number' THEN 1 WHEN 'string' THEN 2 WHEN 'object' THEN 3 WHEN 'array' THEN 4 WHEN 'boolean' THEN 5 ELSE 0 END ${direction}`,
      `CASE WHEN jsonb_typeof(${x}) IN ('number', 'boolean') THEN ${x} END ${direction}`,
      `CASE WHEN jsonb_typeof(${x}) = 'string' THEN ${x} #>> '{}' END COLLATE "C" ${direction}`,
    );
  }
  terms.push('id COLLATE "C" ASC');
  return `ORDER BY ${terms.join(', ')}`;
}
