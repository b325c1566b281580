import { Spec, type Specification } from '../../src';

export interface PersonRow {
  name: string;
  email: string;
  age: number | null;
  status: string;
}

export const PEOPLE: PersonRow[] = [
  { name: 'ann', email: 'ann@example.com', age: 30, status: 'active' },
  { name: 'bob', email: 'bob@example.com', age: 17, status: 'inactive' },
  { name: 'cid', email: 'cid@example.com', age: null, status: 'active' },
  { name: 'dan', email: 'dan@example.com', age: 45, status: 'banned' },
  { name: 'eve', email: 'eve@example.com', age: 65, status: 'active' },
  { name: 'Fay', email: 'fay@example.com', age: 22, status: 'inactive' },
];

/** Every operator and the combinations that need care (NOT over AND/OR, NULLs, one field twice). */
export const SPEC_CASES: Array<{ title: string; spec: Specification<PersonRow>; expected: string[] }> = [
  { title: 'eq', spec: Spec.eq('status', 'active'), expected: ['ann', 'cid', 'eve'] },
  { title: 'ne', spec: Spec.ne('status', 'active'), expected: ['bob', 'dan', 'Fay'] },
  { title: 'ne skips NULL', spec: Spec.ne('age', 30), expected: ['bob', 'dan', 'eve', 'Fay'] },
  { title: 'gt', spec: Spec.gt('age', 30), expected: ['dan', 'eve'] },
  { title: 'gte', spec: Spec.gte('age', 30), expected: ['ann', 'dan', 'eve'] },
  { title: 'lt', spec: Spec.lt('age', 22), expected: ['bob'] },
  { title: 'lte', spec: Spec.lte('age', 22), expected: ['bob', 'Fay'] },
  { title: 'in', spec: Spec.in('status', ['inactive', 'banned']), expected: ['bob', 'dan', 'Fay'] },
  { title: 'in with an empty list', spec: Spec.in('status', []), expected: [] },
  { title: 'like prefix, case-insensitive', spec: Spec.like('name', 'f%'), expected: ['Fay'] },
  { title: 'like single-character wildcard', spec: Spec.like('name', '_a_'), expected: ['dan', 'Fay'] },
  { title: 'between (inclusive)', spec: Spec.between('age', 22, 45), expected: ['ann', 'dan', 'Fay'] },
  { title: 'isNull', spec: Spec.isNull('age'), expected: ['cid'] },
  { title: 'eq null means isNull', spec: Spec.eq('age', null), expected: ['cid'] },
  { title: 'not isNull', spec: Spec.not(Spec.isNull('age')), expected: ['ann', 'bob', 'dan', 'eve', 'Fay'] },
  { title: 'not gt skips NULL', spec: Spec.not(Spec.gt('age', 30)), expected: ['ann', 'bob', 'Fay'] },
  { title: 'and', spec: Spec.eq('status', 'active').and(Spec.gte('age', 18)), expected: ['ann', 'eve'] },
  { title: 'or', spec: Spec.lt('age', 18).or(Spec.eq('status', 'banned')), expected: ['bob', 'dan'] },
  {
    title: 'not(and) by De Morgan',
    spec: Spec.not(Spec.and(Spec.eq('status', 'active'), Spec.gte('age', 18))),
    expected: ['bob', 'dan', 'Fay'],
  },
  {
    title: 'not(or)',
    spec: Spec.not(Spec.or(Spec.eq('status', 'active'), Spec.lt('age', 18))),
    expected: ['dan', 'Fay'],
  },
  {
    title: 'and of ors',
    spec: Spec.and(Spec.or(Spec.eq('name', 'ann'), Spec.eq('name', 'bob')), Spec.or(Spec.gt('age', 20), Spec.isNull('age'))),
    expected: ['ann'],
  },
  { title: 'one field twice in an and', spec: Spec.and(Spec.gt('age', 18), Spec.lt('age', 60)), expected: ['ann', 'dan', 'Fay'] },
  {
    title: 'or of ands',
    spec: Spec.or(
      Spec.and(Spec.eq('status', 'active'), Spec.gt('age', 40)),
      Spec.and(Spec.eq('status', 'inactive'), Spec.lt('age', 20)),
    ),
    expected: ['bob', 'eve'],
  },
  { title: 'double negation', spec: Spec.not(Spec.not(Spec.eq('name', 'ann'))), expected: ['ann'] },
  { title: 'not in', spec: Spec.not(Spec.in('status', ['active'])), expected: ['bob', 'dan', 'Fay'] },
  { title: 'not between', spec: Spec.not(Spec.between('age', 20, 45)), expected: ['bob', 'eve'] },
  { title: 'not like', spec: Spec.not(Spec.like('name', 'a%')), expected: ['bob', 'cid', 'dan', 'eve', 'Fay'] },
  { title: 'empty and matches all', spec: Spec.and(), expected: ['ann', 'bob', 'cid', 'dan', 'eve', 'Fay'] },
  {
    title: 'or with a negated between',
    spec: Spec.or(Spec.isNull('age'), Spec.not(Spec.between('age', 18, 40))),
    expected: ['bob', 'cid', 'dan', 'eve'],
  },
  {
    title: 'not over a nested mix',
    spec: Spec.not(Spec.or(Spec.and(Spec.eq('status', 'active'), Spec.not(Spec.isNull('age'))), Spec.like('name', 'b%'))),
    expected: ['cid', 'dan', 'Fay'],
  },
];

export function names(rows: Array<{ name: string }>): string[] {
  return rows.map((row) => row.name).sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
}

export function sortNames(list: string[]): string[] {
  return [...list].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
}
