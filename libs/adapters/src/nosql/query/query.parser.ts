import type { NoSqlFindOptions, NoSqlOperator } from '../nosql.adapter';
import { NoSqlQueryError } from '../errors/nosql-query.error';
import { NOSQL_MESSAGES } from '../nosql.messages';
import { type FieldPath, isPlainObject, parseFieldPath } from './field-path';
import { normalizeJson } from './json-value';

export const QUERY_OPERATORS: readonly NoSqlOperator[] = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
];

/** One checked condition; a query is the AND of its conditions. Operand values are normalised JSON. */
export type QueryCondition =
  | (FieldPath & { op: '$eq' | '$ne'; value: unknown })
  | (FieldPath & { op: '$gt' | '$gte' | '$lt' | '$lte'; value: number | string })
  | (FieldPath & { op: '$in' | '$nin'; value: unknown[] })
  | (FieldPath & { op: '$exists'; value: boolean });

export interface SortKey extends FieldPath {
  direction: 1 | -1;
}

export interface ParsedFindOptions {
  sort: SortKey[];
  /** `undefined`: no limit (a `limit` of 0 also means no limit, as in MongoDB). */
  limit?: number;
  skip: number;
}

const OPERATOR_SET: ReadonlySet<string> = new Set(QUERY_OPERATORS);

/**
 * Checks a query and turns it into conditions. The one validator every backend uses: unknown operators,
 * prototype keys and operands of the wrong kind are refused with a {@link NoSqlQueryError}.
 */
export function parseQuery(query: unknown = {}): QueryCondition[] {
  if (query === undefined || query === null) return [];
  if (!isPlainObject(query)) throw new NoSqlQueryError(NOSQL_MESSAGES.queryNotObject());
  const conditions: QueryCondition[] = [];
  for (const key of Object.keys(query)) {
    if (key.startsWith('$')) throw new NoSqlQueryError(NOSQL_MESSAGES.unknownOperator(key, '', QUERY_OPERATORS));
    const field = parseFieldPath(key);
    const spec = query[key];
    if (isPlainObject(spec) && Object.keys(spec).some((name) => name.startsWith('$'))) {
      const names = Object.keys(spec);
      if (!names.every((name) => name.startsWith('$'))) {
        throw new NoSqlQueryError(NOSQL_MESSAGES.mixedOperatorObject(key));
      }
      for (const name of names) conditions.push(parseOperator(field, name, spec[name]));
    } else {
      conditions.push({ ...field, op: '$eq', value: operand(field, spec) });
    }
  }
  return conditions;
}

function operand(field: FieldPath, value: unknown): unknown {
  if (value === undefined) throw new NoSqlQueryError(NOSQL_MESSAGES.undefinedValue(field.path));
  return normalizeJson(value, { where: `Query on field '${field.path}'`, documentKeys: false, ErrorClass: NoSqlQueryError });
}

function parseOperator(field: FieldPath, name: string, raw: unknown): QueryCondition {
  if (!OPERATOR_SET.has(name)) {
    throw new NoSqlQueryError(NOSQL_MESSAGES.unknownOperator(name, field.path, QUERY_OPERATORS));
  }
  const op = name as NoSqlOperator;
  switch (op) {
    case '$eq':
    case '$ne':
      return { ...field, op, value: operand(field, raw) };
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const value = raw === undefined ? undefined : operand(field, raw);
      if (typeof value !== 'number' && typeof value !== 'string') {
        throw new NoSqlQueryError(NOSQL_MESSAGES.rangeOperand(op, field.path));
      }
      return { ...field, op, value };
    }
    case '$in':
    case '$nin':
      if (!Array.isArray(raw)) throw new NoSqlQueryError(NOSQL_MESSAGES.listOperand(op, field.path));
      return { ...field, op, value: raw.map((item) => operand(field, item)) };
    case '$exists':
      if (typeof raw !== 'boolean') throw new NoSqlQueryError(NOSQL_MESSAGES.existsOperand(field.path));
      return { ...field, op, value: raw };
  }
}

/** Checks `sort`, `limit` and `skip`. */
export function parseFindOptions(options: NoSqlFindOptions = {}): ParsedFindOptions {
  const sort: SortKey[] = [];
  if (options.sort !== undefined) {
    if (!isPlainObject(options.sort)) throw new NoSqlQueryError(NOSQL_MESSAGES.invalidSort(String(options.sort)));
    for (const [path, direction] of Object.entries(options.sort)) {
      if (direction !== 1 && direction !== -1) throw new NoSqlQueryError(NOSQL_MESSAGES.invalidSort(path));
      sort.push({ ...parseFieldPath(path), direction });
    }
  }
  const limit = count('limit', options.limit);
  const skip = count('skip', options.skip) ?? 0;
  return { sort, limit: limit === 0 ? undefined : limit, skip };
}

function count(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new NoSqlQueryError(NOSQL_MESSAGES.invalidLimit(name, value));
  }
  return value;
}
