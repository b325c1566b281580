import type { FieldOperator, SpecNode } from './spec-node';

/** SQL's three-valued logic: `null` is UNKNOWN (a comparison with NULL). */
export type Truth = boolean | null;

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.getTime() : value;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function readField(entity: unknown, path: string): unknown {
  let current: unknown = entity;
  for (const key of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    if (FORBIDDEN_KEYS.has(key) || !(key in (current as object))) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** `%` any run, `_` one character; case-insensitive, like the SQL translation (ILIKE / UPPER() LIKE UPPER()). */
export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

function testField(actual: unknown, op: FieldOperator, expected: unknown): Truth {
  if (op === 'isNull') return actual === null || actual === undefined;
  if (op === 'in' && Array.isArray(expected) && expected.length === 0) return false;
  if (actual === null || actual === undefined) return null;
  const a = comparable(actual);
  switch (op) {
    case 'eq':
      return a === comparable(expected);
    case 'ne':
      return a !== comparable(expected);
    case 'gt':
      return (a as number) > (comparable(expected) as number);
    case 'gte':
      return (a as number) >= (comparable(expected) as number);
    case 'lt':
      return (a as number) < (comparable(expected) as number);
    case 'lte':
      return (a as number) <= (comparable(expected) as number);
    case 'in':
      return (expected as unknown[]).some((item) => comparable(item) === a);
    case 'like':
      return likeToRegExp(String(expected)).test(String(actual));
    case 'between': {
      const [low, high] = expected as [unknown, unknown];
      return (a as number) >= (comparable(low) as number) && (a as number) <= (comparable(high) as number);
    }
  }
}

/** Evaluates a specification against one object with SQL's semantics for NULL. */
export function evaluate(node: SpecNode, entity: unknown): Truth {
  switch (node.kind) {
    case 'field':
      return testField(readField(entity, node.field), node.op, node.value);
    case 'not': {
      const inner = evaluate(node.child, entity);
      return inner === null ? null : !inner;
    }
    case 'and': {
      let unknown = false;
      for (const child of node.children) {
        const result = evaluate(child, entity);
        if (result === false) return false;
        if (result === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'or': {
      let unknown = false;
      for (const child of node.children) {
        const result = evaluate(child, entity);
        if (result === true) return true;
        if (result === null) unknown = true;
      }
      return unknown ? null : false;
    }
  }
}
