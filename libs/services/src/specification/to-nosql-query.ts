import type { NoSqlQuery } from '@acb/adapters';
import { SpecificationError } from '../errors/specification.error';
import { ServicesMessages } from '../services.messages';
import { toNnf, type Literal, type NnfNode, type SpecNode } from './spec-node';

type Condition = Record<string, unknown>;

const NEGATED_COMPARISON: Record<string, string> = { gt: '$lte', gte: '$lt', lt: '$gte', lte: '$gt' };

function conditionsFor(lit: Literal): Condition {
  if (!lit.negated) {
    switch (lit.op) {
      case 'eq':
      case 'ne':
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
      return { $ne: lit.value };
    case 'ne':
      return { $eq: lit.value };
    case 'in':
      return { $nin: lit.value };
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
    const target = (query[lit.field] ??= {});
    for (const [operator, value] of Object.entries(conditionsFor(lit))) {
      if (operator in target && JSON.stringify(target[operator]) !== JSON.stringify(value)) {
        throw new SpecificationError(ServicesMessages.conflictingNoSqlCondition(lit.field, operator));
      }
      target[operator] = value;
    }
  }
  return query;
}
