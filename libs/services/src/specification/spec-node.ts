/** The field operators a specification can test. */
export type FieldOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'like' | 'between' | 'isNull';

/** A specification as plain data: what is translated to TypeORM, the nosql query language and cache keys. */
export type SpecNode =
  | { kind: 'field'; field: string; op: FieldOperator; value?: unknown }
  | { kind: 'and'; children: SpecNode[] }
  | { kind: 'or'; children: SpecNode[] }
  | { kind: 'not'; child: SpecNode };

/** A field test in negation normal form: `negated` is the only NOT left. */
export interface Literal {
  field: string;
  op: FieldOperator;
  value?: unknown;
  negated: boolean;
}

/** Negation normal form: NOT pushed to the field tests by De Morgan (valid in SQL's three-valued logic too). */
export type NnfNode = { kind: 'lit'; lit: Literal } | { kind: 'and' | 'or'; children: NnfNode[] };

export function toNnf(node: SpecNode, negate = false): NnfNode {
  switch (node.kind) {
    case 'field':
      return { kind: 'lit', lit: { field: node.field, op: node.op, value: node.value, negated: negate } };
    case 'not':
      return toNnf(node.child, !negate);
    case 'and':
    case 'or': {
      const kind = (node.kind === 'and') !== negate ? 'and' : 'or';
      return { kind, children: node.children.map((child) => toNnf(child, negate)) };
    }
  }
}

/**
 * Disjunctive normal form: an OR of ANDs of literals. Throws through `onTooMany` when the expansion exceeds
 * `maxBranches` (the product of nested ORs can grow fast).
 */
export function toDnf(node: NnfNode, maxBranches: number, onTooMany: (count: number) => Error): Literal[][] {
  if (node.kind === 'lit') return [[node.lit]];
  const parts = node.children.map((child) => toDnf(child, maxBranches, onTooMany));
  if (node.kind === 'or') {
    const union = parts.flat();
    if (union.length > maxBranches) throw onTooMany(union.length);
    return union;
  }
  let product: Literal[][] = [[]];
  for (const part of parts) {
    const count = product.length * part.length;
    if (count > maxBranches) throw onTooMany(count);
    product = product.flatMap((left) => part.map((right) => [...left, ...right]));
  }
  return product;
}
