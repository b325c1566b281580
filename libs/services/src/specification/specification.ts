import type { NoSqlQuery } from '@acb/adapters';
import type { FindOptionsWhere } from 'typeorm';
import { SpecificationError } from '../errors/specification.error';
import { ServicesMessages } from '../services.messages';
import { evaluate } from './evaluate';
import type { FieldOperator, SpecNode } from './spec-node';
import { toNoSqlQuery } from './to-nosql-query';
import { toTypeOrmWhere } from './to-typeorm-where';

/** Field names of `T` usable in a specification (dotted paths into relations are accepted as strings too). */
export type SpecField<T> = Extract<keyof T, string> | (string & {});

const FORBIDDEN_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * An immutable, composable query predicate. Build one with `Spec.eq(...)` & co., combine with `and`, `or`, `not`;
 * then query SQL (`toWhere()`, or pass it to `Repository.find`), a nosql collection (`toNoSqlQuery()`), or test
 * an object in memory (`isSatisfiedBy`). NULL follows SQL: a comparison with a null field is unknown, so neither
 * `eq` nor `not(eq)` matches it — in memory too.
 */
export class Specification<T = any> {
  constructor(readonly node: SpecNode) {}

  /** Both this and every `other`. */
  and(...others: Specification<T>[]): Specification<T> {
    return Spec.and(this, ...others);
  }

  /** This or any `other`. */
  or(...others: Specification<T>[]): Specification<T> {
    return Spec.or(this, ...others);
  }

  /** The negation (SQL `NOT`, three-valued). */
  not(): Specification<T> {
    return Spec.not(this);
  }

  /** Whether `entity` satisfies the specification (UNKNOWN counts as no, as in a SQL WHERE). */
  isSatisfiedBy(entity: T): boolean {
    return evaluate(this.node, entity) === true;
  }

  /** TypeORM find `where` (array = OR of ANDs). Throws `SpecificationError` past 256 OR branches. */
  toWhere(): FindOptionsWhere<T>[] {
    return toTypeOrmWhere<T>(this.node);
  }

  /** The nosql adapter's query. Throws `SpecificationError` for what the language cannot say (see README). */
  toNoSqlQuery(): NoSqlQuery {
    return toNoSqlQuery(this.node);
  }

  /** Plain data, stable for cache keys and logs. */
  toJSON(): SpecNode {
    return this.node;
  }
}

function field<T>(name: SpecField<NoInfer<T>>, op: FieldOperator, value?: unknown): Specification<T> {
  for (const part of String(name).split('.')) {
    if (part.length === 0 || FORBIDDEN_FIELDS.has(part)) {
      throw new SpecificationError(`Invalid field name "${String(name)}" in a specification`);
    }
  }
  return new Specification<T>({ kind: 'field', field: name, op, value });
}

/** Builders of specifications. `Spec.eq<User>('email', 'a@b.c').and(Spec.gte('age', 18))`. */
export const Spec = {
  /** `field = value`; `eq(field, null)` means `isNull(field)`. */
  eq<T = any>(name: SpecField<NoInfer<T>>, value: unknown): Specification<T> {
    return value === null || value === undefined ? field<T>(name, 'isNull') : field<T>(name, 'eq', value);
  },
  /** `field <> value` (a null field matches neither eq nor ne); `ne(field, null)` means `not(isNull(field))`. */
  ne<T = any>(name: SpecField<NoInfer<T>>, value: unknown): Specification<T> {
    return value === null || value === undefined ? Spec.not(field<T>(name, 'isNull')) : field<T>(name, 'ne', value);
  },
  gt<T = any>(name: SpecField<NoInfer<T>>, value: unknown): Specification<T> {
    return field<T>(name, 'gt', value);
  },
  gte<T = any>(name: SpecField<NoInfer<T>>, value: unknown): Specification<T> {
    return field<T>(name, 'gte', value);
  },
  lt<T = any>(name: SpecField<NoInfer<T>>, value: unknown): Specification<T> {
    return field<T>(name, 'lt', value);
  },
  lte<T = any>(name: SpecField<NoInfer<T>>, value: unknown): Specification<T> {
    return field<T>(name, 'lte', value);
  },
  /** `field IN (values)`; an empty list matches nothing. */
  in<T = any>(name: SpecField<NoInfer<T>>, values: readonly unknown[]): Specification<T> {
    return field<T>(name, 'in', [...values]);
  },
  /** SQL LIKE pattern (`%` any run, `_` one character), case-insensitive on every engine and in memory. */
  like<T = any>(name: SpecField<NoInfer<T>>, pattern: string): Specification<T> {
    return field<T>(name, 'like', pattern);
  },
  /** `low <= field <= high` (inclusive, as SQL BETWEEN). */
  between<T = any>(name: SpecField<NoInfer<T>>, low: unknown, high: unknown): Specification<T> {
    return field<T>(name, 'between', [low, high]);
  },
  isNull<T = any>(name: SpecField<NoInfer<T>>): Specification<T> {
    return field<T>(name, 'isNull');
  },
  /** All of `specs`; `and()` with none matches everything. */
  and<T = any>(...specs: Specification<T>[]): Specification<T> {
    return new Specification<T>({ kind: 'and', children: specs.map((spec) => spec.node) });
  },
  /** Any of `specs` (at least one). */
  or<T = any>(...specs: Specification<T>[]): Specification<T> {
    if (specs.length === 0) throw new SpecificationError(ServicesMessages.emptyOr());
    return new Specification<T>({ kind: 'or', children: specs.map((spec) => spec.node) });
  },
  not<T = any>(spec: Specification<T>): Specification<T> {
    return new Specification<T>({ kind: 'not', child: spec.node });
  },
};
