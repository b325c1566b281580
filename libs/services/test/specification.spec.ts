import type { DataSource } from 'typeorm';
import { Repository, Spec, SpecificationError } from '../src';
import { sqliteDataSource } from './support/data-sources';
import { PEOPLE, SPEC_CASES, names, sortNames } from './support/specification-cases';
import { userEntity, type UserEntity } from './support/user.entity';

// NOTE: jest 29 ignores `testTimeout` in a project entry; Nest apps and databases on a loaded machine need more than 5 s.
jest.setTimeout(30_000);

const User = userEntity('spec_users');

describe('Specification', () => {
  describe('isSatisfiedBy (in memory, SQL NULL semantics)', () => {
    it.each(SPEC_CASES)('$title', ({ spec, expected }) => {
      expect(names(PEOPLE.filter((row) => spec.isSatisfiedBy(row)))).toEqual(sortNames(expected));
    });

    it('reads dotted paths into nested objects', () => {
      const spec = Spec.eq('address.city', 'Oslo');
      expect(spec.isSatisfiedBy({ address: { city: 'Oslo' } })).toBe(true);
      expect(spec.isSatisfiedBy({ address: { city: 'Bergen' } })).toBe(false);
      expect(spec.isSatisfiedBy({})).toBe(false);
    });

    it('compares dates by time', () => {
      const spec = Spec.gt('at', new Date('2024-01-01T00:00:00Z'));
      expect(spec.isSatisfiedBy({ at: new Date('2024-06-01T00:00:00Z') })).toBe(true);
      expect(spec.isSatisfiedBy({ at: new Date('2023-06-01T00:00:00Z') })).toBe(false);
    });
  });

  describe('toWhere on SQLite (every case really filters)', () => {
    let dataSource: DataSource;
    let repository: Repository<UserEntity>;

    beforeAll(async () => {
      dataSource = await sqliteDataSource([User]);
      repository = new Repository<UserEntity>(User, { dataSource });
      await repository.createMany(PEOPLE);
    });

    afterAll(() => dataSource.destroy());

    it.each(SPEC_CASES)('$title', async ({ spec, expected }) => {
      expect(names(await repository.findAll(spec as never))).toEqual(sortNames(expected));
      expect(await repository.count(spec as never)).toBe(expected.length);
    });

    it('returns an OR array of AND objects', () => {
      const where = Spec.or(Spec.eq('a', 1), Spec.and(Spec.eq('b', 2), Spec.eq('c', 3))).toWhere();
      expect(where).toHaveLength(2);
      expect(Object.keys(where[1])).toEqual(['b', 'c']);
    });

    it('refuses an expansion past 256 branches with a clear error', () => {
      const pair = (field: string) => Spec.or(Spec.eq(field, 1), Spec.eq(field, 2));
      const spec = Spec.and(...Array.from({ length: 9 }, (_, index) => pair(`f${index}`)));
      expect(() => spec.toWhere()).toThrow(/512 OR branches \(max 256\)/);
    });
  });

  describe('toNoSqlQuery', () => {
    it('maps every field operator', () => {
      const spec = Spec.and(
        Spec.eq('status', 'active'),
        Spec.ne('role', 'admin'),
        Spec.gt('age', 18),
        Spec.lte('score', 100),
        Spec.in('tier', ['gold', 'silver']),
        Spec.between('created', 1, 9),
        Spec.isNull('deletedAt'),
      );
      expect(spec.toNoSqlQuery()).toEqual({
        status: { $eq: 'active' },
        role: { $nin: ['admin', null] },
        age: { $gt: 18 },
        score: { $lte: 100 },
        tier: { $in: ['gold', 'silver'] },
        created: { $gte: 1, $lte: 9 },
        deletedAt: { $eq: null },
      });
    });

    it('pushes not to the fields', () => {
      const spec = Spec.not(Spec.or(Spec.eq('a', 1), Spec.in('b', [2]), Spec.gt('c', 3), Spec.isNull('d')));
      expect(spec.toNoSqlQuery()).toEqual({ a: { $nin: [1, null] }, b: { $nin: [2, null] }, c: { $lte: 3 }, d: { $ne: null } });
    });

    it('merges two tests of one field and refuses contradicting ones', () => {
      expect(Spec.and(Spec.gt('age', 1), Spec.lt('age', 9)).toNoSqlQuery()).toEqual({ age: { $gt: 1, $lt: 9 } });
      expect(Spec.and(Spec.ne('a', 1), Spec.not(Spec.in('a', [2, 3]))).toNoSqlQuery()).toEqual({ a: { $nin: [1, null, 2, 3] } });
      expect(Spec.and(Spec.in('a', [1, 2, 3]), Spec.in('a', [2, 3, 4])).toNoSqlQuery()).toEqual({ a: { $in: [2, 3] } });
      expect(() => Spec.and(Spec.gt('age', 1), Spec.gt('age', 2)).toNoSqlQuery()).toThrow(/twice/);
    });

    it.each([
      ['or', Spec.or(Spec.eq('a', 1), Spec.eq('b', 2))],
      ['not(and) (an or)', Spec.not(Spec.and(Spec.eq('a', 1), Spec.eq('b', 2)))],
      ['like', Spec.like('name', 'a%')],
      ['not(between)', Spec.not(Spec.between('age', 1, 2))],
    ])('throws a SpecificationError for %s', (_title, spec) => {
      expect(() => spec.toNoSqlQuery()).toThrow(SpecificationError);
      expect(() => spec.toNoSqlQuery()).toThrow(/isSatisfiedBy/);
    });
  });

  it('rejects prototype-polluting field names', () => {
    expect(() => Spec.eq('__proto__', 1)).toThrow(SpecificationError);
    expect(() => Spec.eq('a.constructor', 1)).toThrow(SpecificationError);
  });

  it('needs at least one branch in or()', () => {
    expect(() => Spec.or()).toThrow(SpecificationError);
  });
});
