import { readPath } from './field-path';
import { compareStrings, jsonType, type JsonType } from './json-value';
import type { SortKey } from './query.parser';

/**
 * Sort order across types (MongoDB's): missing and null < numbers < strings < objects < arrays < booleans.
 * Numbers by value, strings by code point, false < true; objects and arrays tie with each other.
 * Ties are always broken by `_id` ascending, so every backend returns the same order.
 */
export const SORT_TYPE_RANK: Readonly<Record<JsonType, number>> = {
  null: 0,
  number: 1,
  string: 2,
  object: 3,
  array: 4,
  boolean: 5,
};

export function compareForSort(a: unknown, b: unknown): number {
  const ta = jsonType(a);
  const tb = jsonType(b);
  if (ta !== tb) return SORT_TYPE_RANK[ta] - SORT_TYPE_RANK[tb];
  switch (ta) {
    case 'number':
      return Math.sign((a as number) - (b as number));
    case 'string':
      return compareStrings(a as string, b as string);
    case 'boolean':
      return Number(a) - Number(b);
    default:
      return 0;
  }
}

/** Sorts in place by the keys, then by `_id` ascending. */
export function sortDocuments<D extends { _id: string }>(docs: D[], sort: readonly SortKey[]): D[] {
  return docs.sort((a, b) => {
    for (const key of sort) {
      const left = readPath(a, key.segments);
      const right = readPath(b, key.segments);
      const order = compareForSort(left.found ? left.value : null, right.found ? right.value : null);
      if (order !== 0) return order * key.direction;
    }
    return compareStrings(a._id, b._id);
  });
}
