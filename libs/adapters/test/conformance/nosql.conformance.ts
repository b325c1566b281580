import { randomBytes } from 'node:crypto';
import type { NoSqlAdapter, NoSqlCollection, NoSqlDocument } from '../../src/nosql/nosql.adapter';
import { NoSqlDocumentError } from '../../src/nosql/errors/nosql-document.error';
import { NoSqlDuplicateIdError } from '../../src/nosql/errors/nosql-duplicate-id.error';
import { NoSqlQueryError } from '../../src/nosql/errors/nosql-query.error';
import { NoSqlUpdateError } from '../../src/nosql/errors/nosql-update.error';

export interface NoSqlConformanceTarget {
  /** A connected adapter; called once per suite. */
  create(): Promise<NoSqlAdapter>;
  /** Closes it (collections created by the suite are emptied before). */
  destroy(adapter: NoSqlAdapter): Promise<void>;
}

/** The fixture every query test reads: mixed types, nested objects, arrays, missing and null fields. */
export const PEOPLE: NoSqlDocument[] = [
  { _id: 'a', name: 'Ann', age: 30, tags: ['x', 'y'], address: { city: 'Oslo', zip: '0150' }, active: true },
  { _id: 'b', name: 'bob', age: 25, address: { city: 'Bergen' }, active: false, score: null },
  { _id: 'c', name: 'Carl', age: '40', items: [{ sku: 'p1' }, { sku: 'p2' }] },
  { _id: 'd', name: 'Dörte', age: 41.5, address: { city: 'Oslo', zip: 150 }, score: 7 },
  { _id: 'e', name: 'Émile', score: -2.5 },
];

const ids = (docs: Array<{ _id: string }>): string[] => docs.map((doc) => doc._id);

/**
 * The one behaviour every nosql implementation must show. Run it from a `*.spec.ts` (memory) or an
 * `*.int-spec.ts` (Redis, PostgreSQL); each test uses its own collection, emptied at the end.
 */
class Money {
  constructor(readonly cents: number) {}
}

/** `{ n: { n: ... } }`, `levels` deep. */
function deeplyNested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i++) value = { n: value };
  return value;
}

export function runNoSqlConformance(name: string, target: NoSqlConformanceTarget): void {
  describe(`NoSqlAdapter conformance: ${name}`, () => {
    let adapter: NoSqlAdapter;
    const used: string[] = [];
    const suffix = randomBytes(4).toString('hex');

    const fresh = <T extends NoSqlDocument = NoSqlDocument>(): NoSqlCollection<T> => {
      const collectionName = `conf_${suffix}_${used.length}`;
      used.push(collectionName);
      return adapter.collection<T>(collectionName);
    };
    const people = async (): Promise<NoSqlCollection> => {
      const collection = fresh();
      await collection.insertMany(structuredClone(PEOPLE));
      return collection;
    };

    beforeAll(async () => {
      adapter = await target.create();
    });

    afterAll(async () => {
      if (!adapter) return;
      for (const collectionName of used) await adapter.collection(collectionName).deleteMany({});
      await target.destroy(adapter);
    }, 60_000);

    it('names itself and answers ping', async () => {
      expect(adapter.name).toBe(name);
      await expect(adapter.ping()).resolves.toBeUndefined();
    });

    describe('insert', () => {
      it('generates a UUID _id when missing and keeps a given one', async () => {
        const collection = fresh();
        const generated = await collection.insertOne({ n: 1 });
        expect(generated._id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        const given = await collection.insertOne({ _id: 'mine', n: 2 });
        expect(given).toEqual({ _id: 'mine', n: 2 });
        expect(await collection.findOne({ _id: generated._id })).toEqual({ _id: generated._id, n: 1 });
      });

      it('stores a copy: later changes to the input or the result do not leak in', async () => {
        const collection = fresh();
        const input = { _id: 'x', nested: { n: 1 } };
        const stored = await collection.insertOne(input);
        input.nested.n = 2;
        (stored.nested as { n: number }).n = 3;
        const read = await collection.findOne({ _id: 'x' });
        expect(read).toEqual({ _id: 'x', nested: { n: 1 } });
        (read!.nested as { n: number }).n = 4;
        expect(await collection.findOne({ _id: 'x' })).toEqual({ _id: 'x', nested: { n: 1 } });
        expect(input).not.toHaveProperty('_id', undefined);
      });

      it('does not add _id to the caller object', async () => {
        const collection = fresh();
        const input: NoSqlDocument = { n: 1 };
        await collection.insertOne(input);
        expect(input).toEqual({ n: 1 });
      });

      it('refuses a duplicate _id with a clear error', async () => {
        const collection = fresh();
        await collection.insertOne({ _id: 'dup', n: 1 });
        const attempt = collection.insertOne({ _id: 'dup', n: 2 });
        await expect(attempt).rejects.toThrow(NoSqlDuplicateIdError);
        await expect(collection.insertOne({ _id: 'dup' })).rejects.toThrow(/_id 'dup' already exists in collection/);
        expect(await collection.find({})).toEqual([{ _id: 'dup', n: 1 }]);
      });

      it('inserts many all-or-none', async () => {
        const collection = fresh();
        await collection.insertOne({ _id: 'taken' });
        await expect(collection.insertMany([{ _id: 'new1' }, { _id: 'taken' }])).rejects.toThrow(NoSqlDuplicateIdError);
        await expect(collection.insertMany([{ _id: 'new2' }, { _id: 'new2' }])).rejects.toThrow(NoSqlDuplicateIdError);
        expect(ids(await collection.find())).toEqual(['taken']);
        const inserted = await collection.insertMany([{ _id: 'm1' }, { v: 2 }]);
        expect(inserted).toHaveLength(2);
        expect(await collection.count()).toBe(3);
        expect(await collection.insertMany([])).toEqual([]);
      });

      it('stores JSON: Date becomes its ISO string, undefined properties vanish', async () => {
        const collection = fresh();
        const at = new Date('2024-05-06T07:08:09.010Z');
        await collection.insertOne({ _id: 'd', at, gone: undefined, list: [1, 'two', null, { deep: true }] });
        expect(await collection.findOne({ _id: 'd' })).toEqual({
          _id: 'd',
          at: '2024-05-06T07:08:09.010Z',
          list: [1, 'two', null, { deep: true }],
        });
        expect(ids(await collection.find({ at: { $gte: new Date('2024-01-01T00:00:00Z') } }))).toEqual(['d']);
      });

      it('refuses documents that cannot be stored or queried', async () => {
        const collection = fresh();
        const bad: unknown[] = [
          null,
          [1, 2],
          'text',
          { _id: 5 },
          { _id: '' },
          JSON.parse('{"__proto__": {"polluted": true}}'),
          { constructor: 'x' },
          { nested: { prototype: 1 } },
          { 'a.b': 1 },
          { $set: 1 },
          { n: Number.NaN },
          { n: Number.POSITIVE_INFINITY },
          { s: 'nul\u0000char' },
          { big: BigInt(1) },
          { fn: () => 1 },
          { sym: Symbol('s') },
          { re: /ada/ },
          { map: new Map([['a', 1]]) },
          { set: new Set([1]) },
          { buf: Buffer.from('x') },
          { money: new Money(5) },
          { list: [new Map()] },
          deeplyNested(10_000),
        ];
        for (const doc of bad) {
          await expect(collection.insertOne(doc as NoSqlDocument)).rejects.toThrow(NoSqlDocumentError);
        }
        await expect(collection.insertOne({ re: /ada/ })).rejects.toThrow(/a RegExp object is not a JSON value/);
        await expect(collection.insertOne(deeplyNested(10_000))).rejects.toThrow(/nests deeper than 256 levels/);
        await expect(collection.insertOne({ _id: 'ok-deep', ...deeplyNested(200) })).resolves.toBeDefined();
        await collection.deleteMany({});
        expect(await collection.count()).toBe(0);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });
    });

    describe('query operators', () => {
      let collection: NoSqlCollection;
      beforeAll(async () => {
        collection = await people();
      });
      const q = async (query: Record<string, unknown>): Promise<string[]> => ids(await collection.find(query));

      it('returns everything, ordered by _id, for an empty query', async () => {
        expect(await q({})).toEqual(['a', 'b', 'c', 'd', 'e']);
        expect(ids(await collection.find())).toEqual(['a', 'b', 'c', 'd', 'e']);
      });

      it('$eq and implicit equality compare whole JSON values with strict types', async () => {
        expect(await q({ age: 30 })).toEqual(['a']);
        expect(await q({ age: { $eq: 30 } })).toEqual(['a']);
        expect(await q({ age: '30' })).toEqual([]);
        expect(await q({ age: '40' })).toEqual(['c']);
        expect(await q({ age: 40 })).toEqual([]);
        expect(await q({ active: false })).toEqual(['b']);
        expect(await q({ address: { zip: '0150', city: 'Oslo' } })).toEqual(['a']);
        expect(await q({ address: { city: 'Oslo' } })).toEqual([]);
        expect(await q({ tags: ['x', 'y'] })).toEqual(['a']);
        expect(await q({ tags: ['y', 'x'] })).toEqual([]);
        expect(await q({ tags: 'x' })).toEqual([]);
        expect(await q({ score: 7.0 })).toEqual(['d']);
      });

      it('$eq null matches null and missing fields', async () => {
        expect(await q({ score: null })).toEqual(['a', 'b', 'c']);
        expect(await q({ score: { $eq: null } })).toEqual(['a', 'b', 'c']);
      });

      it('$ne is the negation of $eq (matches missing fields)', async () => {
        expect(await q({ age: { $ne: 30 } })).toEqual(['b', 'c', 'd', 'e']);
        expect(await q({ 'address.city': { $ne: 'Oslo' } })).toEqual(['b', 'c', 'e']);
        expect(await q({ score: { $ne: null } })).toEqual(['d', 'e']);
      });

      it('$gt $gte $lt $lte compare numbers as numbers and never across types', async () => {
        expect(await q({ age: { $gt: 25 } })).toEqual(['a', 'd']);
        expect(await q({ age: { $gte: 25 } })).toEqual(['a', 'b', 'd']);
        expect(await q({ age: { $lt: 30 } })).toEqual(['b']);
        expect(await q({ age: { $lte: 30 } })).toEqual(['a', 'b']);
        expect(await q({ age: { $gt: 5 } })).toEqual(['a', 'b', 'd']);
        expect(await q({ age: { $gt: 100 } })).toEqual([]);
        expect(await q({ age: { $gte: 25, $lt: 41.5 } })).toEqual(['a', 'b']);
        expect(await q({ score: { $lt: 0 } })).toEqual(['e']);
        expect(await q({ score: { $gte: -2.5 } })).toEqual(['d', 'e']);
      });

      it('$gt $gte $lt $lte compare strings by code point and never across types', async () => {
        expect(await q({ age: { $gte: '0' } })).toEqual(['c']);
        expect(await q({ name: { $lt: 'a' } })).toEqual(['a', 'c', 'd']);
        expect(await q({ name: { $gt: 'Z' } })).toEqual(['b', 'e']);
        expect(await q({ name: { $gt: 'Carl' } })).toEqual(['b', 'd', 'e']);
        expect(await q({ name: { $gte: 'Carl', $lte: 'Carl' } })).toEqual(['c']);
        expect(await q({ 'address.zip': { $gt: '0' } })).toEqual(['a']);
        expect(await q({ 'address.zip': { $gt: 0 } })).toEqual(['d']);
      });

      it('$in and $nin test membership; null in the list stands for missing', async () => {
        expect(await q({ age: { $in: [25, 41.5, '40'] } })).toEqual(['b', 'c', 'd']);
        expect(await q({ age: { $in: [] } })).toEqual([]);
        expect(await q({ age: { $in: [null] } })).toEqual(['e']);
        expect(await q({ score: { $in: [null, 7] } })).toEqual(['a', 'b', 'c', 'd']);
        expect(await q({ age: { $nin: [25, 30] } })).toEqual(['c', 'd', 'e']);
        expect(await q({ age: { $nin: [] } })).toEqual(['a', 'b', 'c', 'd', 'e']);
        expect(await q({ score: { $nin: [null] } })).toEqual(['d', 'e']);
        expect(await q({ address: { $in: [{ city: 'Bergen' }] } })).toEqual(['b']);
      });

      it('$exists counts a null field as present', async () => {
        expect(await q({ score: { $exists: true } })).toEqual(['b', 'd', 'e']);
        expect(await q({ score: { $exists: false } })).toEqual(['a', 'c']);
        expect(await q({ 'address.zip': { $exists: true } })).toEqual(['a', 'd']);
        expect(await q({ 'items.1.sku': { $exists: true } })).toEqual(['c']);
      });

      it('reads nested fields by dotted path, including array indexes', async () => {
        expect(await q({ 'address.city': 'Oslo' })).toEqual(['a', 'd']);
        expect(await q({ 'address.city': 'Oslo', age: { $gt: 40 } })).toEqual(['d']);
        expect(await q({ 'items.1.sku': 'p2' })).toEqual(['c']);
        expect(await q({ 'tags.0': 'x' })).toEqual(['a']);
        expect(await q({ 'name.first': { $exists: true } })).toEqual([]);
        expect(await q({ 'address.city.deeper': null })).toEqual(['a', 'b', 'c', 'd', 'e']);
      });

      it('findOne returns the first match by _id, or undefined', async () => {
        expect((await collection.findOne({ 'address.city': 'Oslo' }))?._id).toBe('a');
        expect(await collection.findOne({ name: 'nobody' })).toBeUndefined();
        expect(await collection.findOne({ _id: 'c' })).toEqual(PEOPLE[2]);
      });

      it('counts', async () => {
        expect(await collection.count()).toBe(5);
        expect(await collection.count({ 'address.city': 'Oslo' })).toBe(2);
        expect(await collection.count({ age: { $type: 'number' } }).catch((error: Error) => error.name)).toBe(
          'NoSqlQueryError',
        );
      });
    });

    describe('sort, skip, limit', () => {
      let collection: NoSqlCollection;
      beforeAll(async () => {
        collection = await people();
      });

      it('sorts numbers as numbers, ascending and descending', async () => {
        const ascending = await collection.find({ age: { $gt: 0 } }, { sort: { age: 1 } });
        expect(ids(ascending)).toEqual(['b', 'a', 'd']);
        const descending = await collection.find({ age: { $gt: 0 } }, { sort: { age: -1 } });
        expect(ids(descending)).toEqual(['d', 'a', 'b']);
      });

      it('orders mixed types: missing/null < numbers < strings < objects < arrays < booleans, ties by _id', async () => {
        const mixed = fresh();
        await mixed.insertMany([
          { _id: '1', v: true },
          { _id: '2', v: 'b' },
          { _id: '3', v: [1] },
          { _id: '4', v: { k: 1 } },
          { _id: '5', v: 10 },
          { _id: '6' },
          { _id: '7', v: null },
          { _id: '8', v: -1 },
          { _id: '9', v: 'B' },
          { _id: '10', v: false },
        ]);
        expect(ids(await mixed.find({}, { sort: { v: 1 } }))).toEqual(['6', '7', '8', '5', '9', '2', '4', '3', '10', '1']);
        expect(ids(await mixed.find({}, { sort: { v: -1 } }))).toEqual(['1', '10', '3', '4', '2', '9', '5', '8', '6', '7']);
      });

      it('sorts strings by code point and by several keys', async () => {
        expect(ids(await collection.find({}, { sort: { name: 1 } }))).toEqual(['a', 'c', 'd', 'b', 'e']);
        expect(ids(await collection.find({}, { sort: { 'address.city': -1, name: 1 } }))).toEqual([
          'a',
          'd',
          'b',
          'c',
          'e',
        ]);
      });

      it('skips and limits after sorting', async () => {
        expect(ids(await collection.find({}, { sort: { name: -1 }, skip: 1, limit: 2 }))).toEqual(['b', 'd']);
        expect(ids(await collection.find({}, { limit: 2 }))).toEqual(['a', 'b']);
        expect(ids(await collection.find({}, { skip: 4 }))).toEqual(['e']);
        expect(ids(await collection.find({}, { skip: 10 }))).toEqual([]);
        expect(ids(await collection.find({}, { limit: 0 }))).toEqual(['a', 'b', 'c', 'd', 'e']);
      });

      it('refuses bad sort and paging options', async () => {
        await expect(collection.find({}, { sort: { age: 2 as 1 } })).rejects.toThrow(NoSqlQueryError);
        await expect(collection.find({}, { limit: -1 })).rejects.toThrow(/'limit' must be a non-negative integer/);
        await expect(collection.find({}, { skip: 1.5 })).rejects.toThrow(NoSqlQueryError);
        await expect(collection.find({}, { sort: { __proto__: 1 } as unknown as Record<string, 1> })).resolves.toHaveLength(5);
        await expect(collection.find({}, { sort: JSON.parse('{"__proto__": 1}') })).rejects.toThrow(/__proto__/);
      });
    });

    describe('updates', () => {
      it('$set creates nested paths; updateOne changes the first match by _id', async () => {
        const collection = await people();
        expect(await collection.updateOne({ 'address.city': 'Oslo' }, { $set: { 'address.country.code': 'NO' } })).toBe(1);
        expect((await collection.findOne({ _id: 'a' }))?.address).toEqual({ city: 'Oslo', zip: '0150', country: { code: 'NO' } });
        expect((await collection.findOne({ _id: 'd' }))?.address).toEqual({ city: 'Oslo', zip: 150 });
        expect(await collection.updateOne({ name: 'nobody' }, { $set: { x: 1 } })).toBe(0);
      });

      it('updateMany with $inc, $set and $unset; returns how many documents changed', async () => {
        const collection = await people();
        expect(await collection.updateMany({ age: { $gt: 0 } }, { $inc: { age: 1 }, $set: { seen: true } })).toBe(3);
        expect(ids(await collection.find({ seen: true }, { sort: { age: 1 } }))).toEqual(['b', 'a', 'd']);
        expect((await collection.findOne({ _id: 'd' }))?.age).toBe(42.5);
        expect(await collection.updateMany({}, { $inc: { visits: 2 } })).toBe(5);
        expect(await collection.count({ visits: 2 })).toBe(5);
        expect(await collection.updateMany({ 'address.city': 'Oslo' }, { $unset: { 'address.zip': '' } })).toBe(2);
        expect(await collection.count({ 'address.zip': { $exists: true } })).toBe(0);
        expect(await collection.updateMany({}, { $unset: { nothing: 1 } })).toBe(0);
        expect(await collection.updateMany({ _id: 'a' }, { $set: { name: 'Ann' } })).toBe(0);
      });

      it('$set through arrays by index, $unset of an array element leaves null', async () => {
        const collection = await people();
        await collection.updateOne({ _id: 'c' }, { $set: { 'items.1.sku': 'p9', 'items.3': 'last' } });
        expect((await collection.findOne({ _id: 'c' }))?.items).toEqual([{ sku: 'p1' }, { sku: 'p9' }, null, 'last']);
        await collection.updateOne({ _id: 'c' }, { $unset: { 'items.0': 1 } });
        expect((await collection.findOne({ _id: 'c' }))?.items).toEqual([null, { sku: 'p9' }, null, 'last']);
      });

      it('refuses bad updates and writes nothing', async () => {
        const collection = await people();
        const before = await collection.find();
        const bad: unknown[] = [
          { $push: { tags: 'z' } },
          {},
          { $set: 1 },
          { $set: { _id: 'other' } },
          { $unset: { _id: 1 } },
          { $inc: { age: 'x' } },
          { $set: { a: 1 }, $inc: { 'a.b': 1 } },
          { $set: JSON.parse('{"__proto__": 1}') },
          { $set: { 'x.constructor': 1 } },
          { $set: { obj: { 'a.b': 1 } } },
          { name: 'not an operator' },
        ];
        for (const update of bad) {
          await expect(collection.updateMany({}, update as never)).rejects.toThrow(NoSqlUpdateError);
        }
        await expect(collection.updateMany({}, { $push: { tags: 'z' } } as never)).rejects.toThrow(
          "Unknown update operator '$push'; valid operators: $set, $inc, $unset",
        );
        await expect(collection.updateMany({}, { $inc: { name: 1 } })).rejects.toThrow(/\$inc on field 'name' cannot add to a string/);
        await expect(collection.updateMany({}, { $set: { 'name.first': 'A' } })).rejects.toThrow(NoSqlUpdateError);
        await expect(collection.updateMany({}, { $set: { 'score.x': 1 } })).rejects.toThrow(NoSqlUpdateError);
        await expect(collection.updateMany({}, { $set: { 'tags.x': 1 } })).rejects.toThrow(NoSqlUpdateError);
        expect(await collection.find()).toEqual(before);
      });
    });

    describe('concurrency', () => {
      it('concurrent updates of one document lose no $inc', async () => {
        const collection = fresh();
        await collection.insertOne({ _id: 'counter', n: 0 });
        const results = await Promise.all(Array.from({ length: 25 }, () => collection.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })));
        expect(results).toEqual(Array(25).fill(1));
        expect((await collection.findOne({ _id: 'counter' }))?.n).toBe(25);
      });

      it('concurrent updateMany calls each apply to every document', async () => {
        const collection = fresh();
        await collection.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: `d${i}`, n: 0 })));
        await Promise.all(Array.from({ length: 10 }, () => collection.updateMany({}, { $inc: { n: 1 } })));
        expect((await collection.find()).map((doc) => doc.n)).toEqual([10, 10, 10, 10, 10]);
      });

      it('concurrent deleteOne calls delete distinct documents', async () => {
        const collection = fresh();
        await collection.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: `d${i}` })));
        expect(await Promise.all([1, 2, 3].map(() => collection.deleteOne({})))).toEqual([1, 1, 1]);
        expect(await collection.count()).toBe(2);
      });
    });

    describe('deletes', () => {
      it('deleteOne removes the first match by _id, deleteMany all matches', async () => {
        const collection = await people();
        expect(await collection.deleteOne({ 'address.city': 'Oslo' })).toBe(1);
        expect(ids(await collection.find())).toEqual(['b', 'c', 'd', 'e']);
        expect(await collection.deleteOne({ name: 'nobody' })).toBe(0);
        expect(await collection.deleteMany({ score: { $exists: true } })).toBe(3);
        expect(ids(await collection.find())).toEqual(['c']);
        expect(await collection.deleteMany({})).toBe(1);
        expect(await collection.count()).toBe(0);
        await collection.insertOne({ _id: 'a', again: true });
        expect(await collection.findOne({ _id: 'a' })).toEqual({ _id: 'a', again: true });
      });
    });

    describe('query errors', () => {
      let collection: NoSqlCollection;
      beforeAll(async () => {
        collection = await people();
      });

      it('names an unknown operator and lists the valid ones', async () => {
        const valid = '$eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists';
        await expect(collection.find({ age: { $regex: 'x' } })).rejects.toThrow(
          `Unknown query operator '$regex' on field 'age'; valid operators: ${valid}`,
        );
        await expect(collection.find({ $or: [{ age: 1 }] })).rejects.toThrow(`Unknown query operator '$or'; valid operators: ${valid}`);
        await expect(collection.count({ age: { $gt: 1, $foo: 2 } })).rejects.toThrow(/'\$foo'/);
        await expect(collection.deleteMany({ age: { $size: 1 } })).rejects.toThrow(NoSqlQueryError);
        await expect(collection.updateMany({ age: { $size: 1 } }, { $set: { x: 1 } })).rejects.toThrow(NoSqlQueryError);
        expect(await collection.count()).toBe(5);
      });

      it('refuses prototype keys, bad paths and operands of the wrong kind', async () => {
        const bad: unknown[] = [
          JSON.parse('{"__proto__": 1}'),
          { constructor: 'Object' },
          { 'a.prototype': 1 },
          { 'a..b': 1 },
          { age: { $gt: 1, plain: 2 } },
          { age: { $in: 5 } },
          { age: { $nin: 'x' } },
          { age: { $gt: true } },
          { age: { $lt: null } },
          { age: { $gte: [1] } },
          { age: { $exists: 1 } },
          { age: undefined },
          { age: { $eq: Number.NaN } },
          { address: JSON.parse('{"__proto__": {"x": 1}}') },
          'age = 1',
        ];
        for (const query of bad) {
          await expect(collection.find(query as never)).rejects.toThrow(NoSqlQueryError);
        }
      });

      it('refuses values that are not JSON inside a query or an update, instead of matching {}', async () => {
        const bad: unknown[] = [
          { name: /ada/ },
          { name: { $eq: /ada/ } },
          { name: { $in: [/ada/] } },
          { address: new Map([['city', 'x']]) },
          { tags: new Set(['a']) },
          { address: new Money(1) },
          { name: () => 'x' },
          { name: Symbol('x') },
          { age: BigInt(30) },
          { age: { $gt: BigInt(1) } },
          { address: deeplyNested(10_000) },
        ];
        for (const query of bad) {
          await expect(collection.find(query as never)).rejects.toThrow(NoSqlQueryError);
          await expect(collection.count(query as never)).rejects.toThrow(NoSqlQueryError);
        }
        await expect(collection.find({ name: /ada/ } as never)).rejects.toThrow(/Query on field 'name': a RegExp object is not a JSON value/);
        await expect(collection.updateMany({}, { $set: { address: new Map() } } as never)).rejects.toThrow(NoSqlUpdateError);
        await expect(collection.updateMany({}, { $set: { address: deeplyNested(10_000) } } as never)).rejects.toThrow(/nests deeper/);
        expect(await collection.count()).toBe(5);
      });

      it('refuses invalid collection names', () => {
        expect(() => adapter.collection('a:b')).toThrow(NoSqlQueryError);
        expect(() => adapter.collection('')).toThrow(/Invalid collection name/);
        expect(() => adapter.collection('x'.repeat(121))).toThrow(NoSqlQueryError);
      });
    });

    it('keeps collections apart', async () => {
      const first = fresh();
      const second = fresh();
      await first.insertOne({ _id: 'same', where: 1 });
      await second.insertOne({ _id: 'same', where: 2 });
      expect(await first.find()).toEqual([{ _id: 'same', where: 1 }]);
      expect(await second.find()).toEqual([{ _id: 'same', where: 2 }]);
      expect(await first.deleteMany({})).toBe(1);
      expect(await second.count()).toBe(1);
    });

    it('handles a few hundred documents', async () => {
      const collection = fresh();
      const docs = Array.from({ length: 300 }, (_, i) => ({ _id: `n${String(i).padStart(3, '0')}`, i, even: i % 2 === 0 }));
      await collection.insertMany(docs);
      expect(await collection.count({ even: true, i: { $gte: 100 } })).toBe(100);
      expect(ids(await collection.find({ i: { $lt: 50 } }, { sort: { i: -1 }, limit: 3 }))).toEqual(['n049', 'n048', 'n047']);
      expect(await collection.updateMany({ even: false }, { $inc: { i: 1000 } })).toBe(150);
      expect(await collection.count({ i: { $gt: 999 } })).toBe(150);
      expect(await collection.deleteMany({ i: { $gt: 999 } })).toBe(150);
      expect(await collection.count()).toBe(150);
    }, 60_000);
  });
}
