/**
 * Services benchmarks (suite `services`), each side by side with the raw library in one process, interleaved rounds:
 * - Repository.findOne({ email }) vs the raw TypeORM repository's findOne({ where: { email } }) on SQLite (in memory)
 *   and PostgreSQL (TEST_POSTGRES_URL), same DataSource, same rows, sequential lookups.
 * - a cached Repository.findById hit vs a raw lru-cache get of the entity object: through the memory cache adapter
 *   alone (one getMany of generation + entry, JSON copy, entity revival), and with the process-local layer
 *   (`localCache: { ttlMs: 1000 }`, revived entities held in an LRU while the generation is trusted). The shared-cache
 *   path is also compared with an lru-cache get that makes the same JSON copy the CacheAdapter contract requires.
 * - ValidationService.validate vs raw class-transformer plainToInstance + class-validator validate, same schema.
 * A plain node script (bench/harness.ts); the PostgreSQL row needs the server (`scripts/servers.sh ensure`).
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Min, MinLength, validate, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { LRUCache } from 'lru-cache';
import { Column, DataSource, Entity, PrimaryGeneratedColumn, type DataSourceOptions } from 'typeorm';
import { Repository, RepositoryContext, ValidationService } from '@acb/services';
import { MemoryCacheAdapter } from '../libs/adapters/src/cache/memory.cache';
import { compare, report, servers, throughput, type BenchResult } from './harness';

const ROUNDS = 9;
const ROWS = 1_000;
const TABLE = `bench_svc_users_${process.pid}_${Date.now().toString(36)}`;

@Entity({ name: TABLE })
class BenchUser {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', unique: true })
  email!: string;

  @Column({ type: 'varchar' })
  name!: string;

  @Column({ type: 'int' })
  age!: number;
}

class AddressSchema {
  @IsString()
  city!: string;
}

class SignupSchema {
  @IsString()
  @MinLength(2)
  name!: string;

  @IsEmail()
  email!: string;

  @IsInt()
  @Min(0)
  age!: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => AddressSchema)
  address?: AddressSchema;
}

async function seeded(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource({ ...options, entities: [BenchUser], synchronize: true } as DataSourceOptions).initialize();
  const rows = Array.from({ length: ROWS }, (_, i) => ({ email: `user${i}@bench.example`, name: `user ${i}`, age: i % 90 }));
  await dataSource.getRepository(BenchUser).save(rows, { chunk: 200 });
  return dataSource;
}

async function findOneRow(label: string, dataSource: DataSource, ops: number): Promise<BenchResult> {
  const ours = new Repository(BenchUser, { dataSource });
  const raw = dataSource.getRepository(BenchUser);
  const email = (i: number) => `user${(i * 7919) % ROWS}@bench.example`;
  return compare({
    name: `Repository.findOne vs TypeORM findOne (${label})`,
    unit: 'ops/s',
    goal: '>= 0.9',
    baselineName: 'typeorm Repository.findOne',
    rounds: ROUNDS,
    ours: () =>
      throughput(ops, async () => {
        for (let i = 0; i < ops; i += 1) if (!(await ours.findOne({ email: email(i) }))) throw new Error('row lost');
      }),
    baseline: () =>
      throughput(ops, async () => {
        for (let i = 0; i < ops; i += 1) if (!(await raw.findOne({ where: { email: email(i) } }))) throw new Error('row lost');
      }),
  });
}

async function cachedRows(dataSource: DataSource, local: boolean): Promise<BenchResult[]> {
  const cache = new MemoryCacheAdapter({ appName: 'bench-services', settings: { max: 10_000 }, logger: new Logger('bench') });
  const context = new RepositoryContext({ dataSource, cache, localCache: local ? { ttlMs: 1000 } : false });
  const repository = new Repository(BenchUser, context, { cache: true });
  const lru = new LRUCache<number, BenchUser>({ max: 10_000 });
  const lruText = new LRUCache<number, string>({ max: 10_000 });
  const ids = Array.from({ length: 100 }, (_, i) => i + 1);
  for (const id of ids) {
    await repository.findById(id); // first read initialises the generation
    const entity = await repository.findById(id);
    if (!entity) throw new Error('row lost');
    lru.set(id, entity);
    lruText.set(id, JSON.stringify(entity));
  }
  const ops = 20_000;
  const rows: BenchResult[] = [];
  rows.push(await compare({
    name: `cached Repository.findById hit vs lru-cache get (${local ? 'local layer, 1 s' : 'shared cache only'})`,
    unit: 'ops/s',
    goal: '>= 0.5',
    baselineName: 'lru-cache get (object by reference)',
    rounds: ROUNDS,
    ours: () =>
      throughput(ops, async () => {
        for (let i = 0; i < ops; i += 1) if (!(await repository.findById(ids[i % ids.length]))) throw new Error('miss');
      }),
    baseline: () =>
      throughput(ops, async () => {
        for (let i = 0; i < ops; i += 1) if (!(await Promise.resolve(lru.get(ids[i % ids.length])))) throw new Error('miss');
      }),
  }));
  if (!local) {
    // NOTE: the CacheAdapter contract copies values through JSON, so a hit through it is compared both with a
    // by-reference get (above) and with a get that makes the same copy (JSON.parse of the stored text).
    rows.push(
      await compare({
        name: 'cached Repository.findById hit vs lru-cache get + JSON.parse (shared cache only)',
        unit: 'ops/s',
        goal: '>= 0.5',
        baselineName: 'lru-cache get + JSON.parse (a copy)',
        rounds: ROUNDS,
        ours: () =>
          throughput(ops, async () => {
            for (let i = 0; i < ops; i += 1) if (!(await repository.findById(ids[i % ids.length]))) throw new Error('miss');
          }),
        baseline: () =>
          throughput(ops, async () => {
            for (let i = 0; i < ops; i += 1) {
              const text = lruText.get(ids[i % ids.length]);
              if (!(await Promise.resolve(text === undefined ? undefined : (JSON.parse(text) as BenchUser)))) throw new Error('miss');
            }
          }),
      }),
    );
  }
  return rows;
}

async function validationRow(): Promise<BenchResult> {
  const service = new ValidationService();
  const inputs = Array.from({ length: 100 }, (_, i) => ({ name: `user ${i}`, email: `u${i}@example.com`, age: i, address: { city: 'Oslo' } }));
  const ops = 5_000;
  return compare({
    name: 'ValidationService.validate vs class-validator validate',
    unit: 'ops/s',
    goal: '>= 0.8',
    baselineName: 'plainToInstance + class-validator validate',
    rounds: ROUNDS,
    ours: () =>
      throughput(ops, async () => {
        for (let i = 0; i < ops; i += 1) if (!(await service.validate(inputs[i % inputs.length], SignupSchema)).isValid) throw new Error('invalid');
      }),
    baseline: () =>
      throughput(ops, async () => {
        for (let i = 0; i < ops; i += 1) {
          const instance = plainToInstance(SignupSchema, inputs[i % inputs.length]);
          if ((await validate(instance, { whitelist: true, forbidUnknownValues: true })).length > 0) throw new Error('invalid');
        }
      }),
  });
}

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  const sqlite = await seeded({ type: 'better-sqlite3', database: ':memory:' });
  try {
    results.push(await findOneRow('SQLite', sqlite, 2_000));
    results.push(...(await cachedRows(sqlite, false)));
    results.push(...(await cachedRows(sqlite, true)));
  } finally {
    await sqlite.destroy();
  }
  const urls = servers('services', ['postgres']);
  if (urls) {
    const postgres = await seeded({ type: 'postgres', url: urls.postgres });
    try {
      results.push(await findOneRow('PostgreSQL', postgres, 500));
    } finally {
      await postgres.query(`DROP TABLE IF EXISTS "${TABLE}"`);
      await postgres.destroy();
    }
  }
  results.push(await validationRow());
  report('services', results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
