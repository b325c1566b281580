import {
  And,
  Between,
  Equal,
  ILike,
  In,
  IsNull,
  LessThan,
  LessThanOrEqual,
  MoreThan,
  MoreThanOrEqual,
  Not,
  type FindOperator,
  type FindOptionsWhere,
} from 'typeorm';
import { SpecificationError } from '../errors/specification.error';
import { ServicesMessages } from '../services.messages';
import { toDnf, toNnf, type Literal, type SpecNode } from './spec-node';

/** Upper bound on OR branches after expansion to disjunctive normal form. */
export const MAX_WHERE_BRANCHES = 256;

function operatorFor(lit: Literal): FindOperator<unknown> {
  let operator: FindOperator<unknown>;
  switch (lit.op) {
    case 'eq':
      operator = Equal(lit.value);
      break;
    case 'ne':
      operator = Not(Equal(lit.value));
      break;
    case 'gt':
      operator = MoreThan(lit.value);
      break;
    case 'gte':
      operator = MoreThanOrEqual(lit.value);
      break;
    case 'lt':
      operator = LessThan(lit.value);
      break;
    case 'lte':
      operator = LessThanOrEqual(lit.value);
      break;
    case 'in':
      operator = In(lit.value as unknown[]);
      break;
    case 'like':
      operator = ILike(lit.value);
      break;
    case 'between': {
      const [low, high] = lit.value as [unknown, unknown];
      operator = Between(low, high);
      break;
    }
    case 'isNull':
      operator = IsNull();
      break;
  }
  return lit.negated ? Not(operator) : operator;
}

function setPath(target: Record<string, unknown>, path: string, operator: FindOperator<unknown>): void {
  const keys = path.split('.');
  let current = target;
  for (const key of keys.slice(0, -1)) {
    current[key] ??= {};
    current = current[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  const existing = current[last] as FindOperator<unknown> | undefined;
  current[last] = existing === undefined ? operator : And(existing, operator);
}

/**
 * Translates a specification into TypeORM's find `where`: an array (OR) of objects (AND), NOT pushed down to the
 * fields (`Not(...)`) and several tests of one field joined with `And(...)`. Dotted fields address relations.
 */
export function toTypeOrmWhere<T>(node: SpecNode): FindOptionsWhere<T>[] {
  const branches = toDnf(toNnf(node), MAX_WHERE_BRANCHES, (count) =>
    new SpecificationError(ServicesMessages.tooManyBranches(count, MAX_WHERE_BRANCHES)),
  );
  return branches.map((literals) => {
    const where: Record<string, unknown> = {};
    for (const lit of literals) setPath(where, lit.field, operatorFor(lit));
    return where as FindOptionsWhere<T>;
  });
}
