import { randomBytes } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { describeWithServers } from '../../../test/servers';
import type { NoSqlAdapter, NoSqlCollection, NoSqlDocument, NoSqlFindOptions, NoSqlQuery, NoSqlUpdate } from '../src/nosql/nosql.adapter';
import { MemoryNoSqlAdapter } from '../src/nosql/memory/memory-nosql.adapter';
import { PostgresNoSqlAdapter } from '../src/nosql/postgres/postgres-nosql.adapter';
import { RedisNoSqlAdapter } from '../src/nosql/redis/redis-nosql.adapter';

/**
 * Memory, Redis and PostgreSQL must answer every query identically. Seeded random documents with mixed types,
 * missing and null fields, nested objects and arrays; seeded random queries, sorts, pages and updates.
 */
const logger: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };
const appName = `nosql_cross_${randomBytes(4).toString('hex')}`;

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS: unknown[] = [0, 1, -1, 2.5, -2.5, 10, 100, 1e21, '', '0', '1', '10', '9', 'a', 'B', 'b', 'é', 'z', '😀', '\uffff', true, false, null];
const FIELDS = ['n', 's', 'o.x', 'o.y', 'arr', 'arr.0', 'arr.1', 'o', 'missing', '_id'];
const OPERATORS = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', 'implicit'];

describeWithServers(['redis', 'postgres'], 'nosql backends agree (memory = redis = postgres)', (urls) => {
  const random = mulberry32(20261128);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const maybe = (probability: number): boolean => random() < probability;

  const randomValue = (depth = 0): unknown => {
    if (depth < 2 && maybe(0.12)) return { x: pick(SCALARS), ...(maybe(0.5) ? { y: pick(SCALARS) } : {}) };
    if (depth < 2 && maybe(0.12)) return Array.from({ length: Math.floor(random() * 3) }, () => randomValue(depth + 1));
    return pick(SCALARS);
  };

  const randomDoc = (i: number): NoSqlDocument => {
    const doc: NoSqlDocument = { _id: `id${String(i).padStart(3, '0')}${pick(['', 'a', 'B', 'é'])}` };
    for (const key of ['n', 's', 'o', 'arr']) if (maybe(0.8)) doc[key] = randomValue();
    if (maybe(0.6)) doc.o = { x: pick(SCALARS), ...(maybe(0.5) ? { y: randomValue(1) } : {}) };
    return doc;
  };

  const randomCondition = (): unknown => {
    const op = pick(OPERATORS);
    if (op === 'implicit') return randomValue();
    if (op === '$exists') return { $exists: maybe(0.5) };
    if (op === '$in' || op === '$nin') return { [op]: Array.from({ length: Math.floor(random() * 4) }, () => randomValue()) };
    if (op.startsWith('$g') || op.startsWith('$l')) return { [op]: pick(SCALARS.filter((v) => typeof v === 'number' || typeof v === 'string')) };
    return { [op]: randomValue() };
  };

  const knownIds: string[] = [];
  const randomIdCondition = (): unknown => {
    const ids = Array.from({ length: Math.ceil(random() * 4) }, () => (maybe(0.8) ? pick(knownIds) : 'nope'));
    return pick([ids[0], { $eq: ids[0] }, { $in: ids }, { $nin: ids }, { $gte: ids[0] }]);
  };

  const randomQuery = (): NoSqlQuery => {
    const query: NoSqlQuery = {};
    const count = Math.floor(random() * 3);
    for (let i = 0; i < count; i++) {
      const field = pick(FIELDS);
      query[field] = field === '_id' && maybe(0.7) ? randomIdCondition() : randomCondition();
    }
    return query;
  };

  const randomOptions = (): NoSqlFindOptions => {
    const options: NoSqlFindOptions = {};
    if (maybe(0.7)) {
      options.sort = {};
      const keys = Math.ceil(random() * 2);
      for (let i = 0; i < keys; i++) options.sort[pick(FIELDS.filter((f) => f !== '_id'))] = maybe(0.5) ? 1 : -1;
    }
    if (maybe(0.4)) options.skip = Math.floor(random() * 20);
    if (maybe(0.5)) options.limit = Math.floor(random() * 30);
    return options;
  };

  const randomUpdate = (): NoSqlUpdate => {
    const field = pick(['n', 's', 'o.x', 'o.z.w', 'fresh', 'arr.1']);
    const kind = pick(['$set', '$inc', '$unset']);
    if (kind === '$set') return { $set: { [field]: randomValue() } };
    if (kind === '$inc') return { $inc: { [field]: pick([1, -2, 0.5]) } };
    return { $unset: { [field]: 1 } };
  };

  let adapters: NoSqlAdapter[] = [];
  let collections: NoSqlCollection[] = [];
  const redis = new RedisNoSqlAdapter({ appName, settings: { redis: { url: urls.redis } }, logger });
  const postgres = new PostgresNoSqlAdapter({ appName, settings: { postgres: { url: urls.postgres } }, logger });

  beforeAll(async () => {
    await redis.connect();
    await postgres.connect();
    adapters = [new MemoryNoSqlAdapter(), redis, postgres];
    collections = adapters.map((adapter) => adapter.collection('cross'));
    const docs = Array.from({ length: 160 }, (_, i) => randomDoc(i));
    knownIds.push(...docs.map((doc) => doc._id as string));
    for (const collection of collections) await collection.insertMany(structuredClone(docs));
  }, 60_000);

  afterAll(async () => {
    for (const collection of collections) await collection.deleteMany({});
    await redis.close();
    await postgres.close();
  }, 60_000);

  /** Runs `operation` on every backend: all must resolve to equal values, or all reject with the same error class. */
  const agree = async <R>(label: string, operation: (collection: NoSqlCollection) => Promise<R>): Promise<void> => {
    const outcomes = await Promise.all(
      collections.map((collection) =>
        operation(collection).then(
          (value) => ({ ok: true as const, value }),
          (error: Error) => ({ ok: false as const, value: error.name }),
        ),
      ),
    );
    for (let i = 1; i < outcomes.length; i++) {
      try {
        expect(outcomes[i]).toEqual(outcomes[0]);
      } catch (error) {
        throw new Error(`${adapters[i].name} disagrees with memory on ${label}: ${(error as Error).message}`);
      }
    }
  };

  it('finds and counts the same documents in the same order for 400 random queries', async () => {
    for (let i = 0; i < 400; i++) {
      const query = randomQuery();
      const options = randomOptions();
      const label = `find(${JSON.stringify(query)}, ${JSON.stringify(options)})`;
      await agree(label, async (collection) => (await collection.find(query, options)).map((doc) => doc._id));
      if (i % 4 === 0) await agree(`count(${JSON.stringify(query)})`, (collection) => collection.count(query));
    }
  }, 120_000);

  it('applies 120 random updates and deletes identically', async () => {
    for (let i = 0; i < 120; i++) {
      const query = randomQuery();
      if (i % 10 === 9) {
        await agree(`deleteOne(${JSON.stringify(query)})`, (collection) => collection.deleteOne(query));
      } else {
        const update = randomUpdate();
        const many = maybe(0.5);
        await agree(`${many ? 'updateMany' : 'updateOne'}(${JSON.stringify(query)}, ${JSON.stringify(update)})`, (collection) =>
          many ? collection.updateMany(query, update) : collection.updateOne(query, update),
        );
      }
      if (i % 20 === 0) await agree('find all', (collection) => collection.find());
    }
    await agree('final contents', (collection) => collection.find());
  }, 120_000);
});
