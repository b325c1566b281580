/**
 * Migrations: our MigrationRunner against TypeORM's `DataSource.runMigrations` for equivalent migrations (each one
 * `CREATE TABLE` + the history record, one transaction per migration on both sides), on real PostgreSQL and on SQLite
 * in memory, 50 and 200 migrations; and `status()` with 1,000 known, applied migrations.
 * Each round gets fresh databases (created before the clock starts); ours and TypeORM interleave, medians reported.
 * Ours also takes the advisory lock and computes/compares checksums, which TypeORM does not do.
 */
import { randomBytes } from 'node:crypto';
import type { SqlAdapter } from '@acb/adapters';
import { Migration, MigrationRunner, type MigrationClass } from '@acb/migrations';
import { IntegrationEnvironment } from '@acb/testing';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type MigrationInterface, type QueryRunner } from 'typeorm';
import { compare, elapsedMs, measure, report, servers, type BenchResult } from './harness';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

function ourMigrations(count: number): MigrationClass[] {
  return Array.from({ length: count }, (_, index) => {
    const version = String(index + 1).padStart(4, '0');
    return class BenchMigration extends Migration {
      version = version;
      description = `create bench_${version}`;
      async up() {
        await this.sql.execute(`CREATE TABLE bench_${this.version} (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)`);
      }
      override async down() {
        await this.sql.execute(`DROP TABLE bench_${this.version}`);
      }
    };
  });
}

function typeOrmMigrations(count: number): Array<new () => MigrationInterface> {
  return Array.from({ length: count }, (_, index) => {
    const version = String(index + 1).padStart(4, '0');
    const timestamp = 1700000000000 + index;
    return class implements MigrationInterface {
      name = `CreateBench${timestamp}`;
      async up(queryRunner: QueryRunner) {
        await queryRunner.query(`CREATE TABLE bench_${version} (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)`);
      }
      async down(queryRunner: QueryRunner) {
        await queryRunner.query(`DROP TABLE bench_${version}`);
      }
    };
  });
}

/** A fresh database per side and round: PostgreSQL (a new database on the server) or SQLite `:memory:`. */
interface Target {
  name: string;
  /** Our sql adapter on a fresh database, and its cleanup. */
  ours(): Promise<{ sql: SqlAdapter; close(): Promise<void> }>;
  /** TypeORM options on a fresh database, and its cleanup. */
  typeorm(): Promise<{ options: DataSourceOptions; close(): Promise<void> }>;
}

function postgresTarget(serverUrl: string): Target {
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  const freshDatabase = async () => {
    const name = `acb_bench_migrations_${randomBytes(4).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  };
  return {
    name: 'PostgreSQL',
    async ours() {
      const db = await freshDatabase();
      const env = new IntegrationEnvironment({ settingsDir: '/nonexistent', env: {}, adapters: { sql: { name: 'postgres', settings: { url: db.url } } } });
      const sql = await env.createAdapter('sql');
      return { sql, close: async () => (await env.close(), await db.drop()) };
    },
    async typeorm() {
      const db = await freshDatabase();
      return { options: { type: 'postgres', url: db.url, logging: false }, close: db.drop };
    },
  };
}

const sqliteTarget: Target = {
  name: 'SQLite :memory:',
  async ours() {
    const env = new IntegrationEnvironment({ settingsDir: '/nonexistent', env: {}, adapters: { sql: { name: 'sqlite', settings: { database: ':memory:' } } } });
    const sql = await env.createAdapter('sql');
    return { sql, close: () => env.close() };
  },
  async typeorm() {
    return { options: { type: 'better-sqlite3', database: ':memory:', logging: false }, close: async () => undefined };
  },
};

async function applyComparison(target: Target, count: number): Promise<BenchResult> {
  const ours = ourMigrations(count);
  const theirs = typeOrmMigrations(count);
  return compare({
    name: `apply ${count} migrations (${target.name})`,
    unit: 'ms',
    goal: '<= 1.2',
    baselineName: 'TypeORM runMigrations (transaction: each)',
    rounds: 5,
    ours: async () => {
      const db = await target.ours();
      try {
        const runner = new MigrationRunner({ sql: db.sql, migrations: ours, logger: quiet, migrationLogger: () => quiet });
        return await elapsedMs(async () => {
          const steps = await runner.migrate();
          if (steps.length !== count) throw new Error(`applied ${steps.length} of ${count}`);
        });
      } finally {
        await db.close();
      }
    },
    baseline: async () => {
      const db = await target.typeorm();
      const dataSource = new DataSource({ ...db.options, migrations: theirs, migrationsTransactionMode: 'each' });
      await dataSource.initialize();
      try {
        return await elapsedMs(async () => {
          const applied = await dataSource.runMigrations({ transaction: 'each' });
          if (applied.length !== count) throw new Error(`TypeORM applied ${applied.length} of ${count}`);
        });
      } finally {
        await dataSource.destroy();
        await db.close();
      }
    },
  });
}

async function statusFigures(target: Target, count: number): Promise<BenchResult[]> {
  const migrations = Array.from({ length: count }, (_, index) => {
    const version = String(index + 1).padStart(4, '0');
    return class StatusMigration extends Migration {
      version = version;
      description = `migration ${version}`;
      async up() {
        await this.sql.execute('SELECT 1');
      }
    };
  });
  const db = await target.ours();
  try {
    const seed = new MigrationRunner({ sql: db.sql, migrations, logger: quiet });
    await seed.baseline(String(count).padStart(4, '0'));
    const cold = await measure({
      name: `status() of ${count} applied migrations, new runner (loads and checksums every class) (${target.name})`,
      unit: 'ms',
      goal: '< 100',
      rounds: 9,
      run: async () => {
        const runner = new MigrationRunner({ sql: db.sql, migrations, logger: quiet });
        return elapsedMs(async () => {
          const status = await runner.status();
          if (status.length !== count || status.some((s) => s.state !== 'applied')) throw new Error('unexpected status');
        });
      },
    });
    const warmRunner = new MigrationRunner({ sql: db.sql, migrations, logger: quiet });
    const warm = await measure({
      name: `status() of ${count} applied migrations, same runner (${target.name})`,
      unit: 'ms',
      goal: '< 100',
      rounds: 15,
      run: () => elapsedMs(async () => void (await warmRunner.status())),
    });
    return [cold, warm];
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  const urls = servers('migrations', ['postgres']);
  const targets = [...(urls ? [postgresTarget(urls.postgres)] : []), sqliteTarget];
  for (const target of targets) {
    for (const count of [50, 200]) results.push(await applyComparison(target, count));
    results.push(...(await statusFigures(target, 1000)));
  }
  report('migrations', results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
