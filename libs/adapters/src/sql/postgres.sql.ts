import type { DataSourceOptions, QueryRunner } from 'typeorm';
import type { AdapterContext } from '../interfaces/adapter-context.interface';
import type { SqlAdapterContext } from './sql-adapter-context.interface';
import type { SqlExecuteResult } from './sql.adapter';
import { SAFE_DATA_SOURCE_OPTIONS, TypeOrmSqlAdapter } from './typeorm-sql.adapter';
import { requireOptionalPeer } from '@acb/common';
import { durationSetting } from '../settings/duration-setting';

interface PgResult {
  command: string;
  rowCount: number | null;
  rows: Record<string, unknown>[];
}

interface PgQueryable {
  query(config: { text: string; values: unknown[]; types: PgTypes }): Promise<PgResult | PgResult[]>;
}

interface PgTypes {
  getTypeParser(oid: number, format?: string): (value: string) => unknown;
}

const INT8_OID = 20;
const COMMANDS_WITH_AFFECTED_ROWS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * `postgres`: pg through TypeORM. Settings (`settings/sql.yml`): `url` (`postgres://user:pass@host:port/db`) or
 * `host` (127.0.0.1), `port` (5432), `user` (postgres), `password` (a `${secret:...}`), `database` (postgres);
 * `schema` (public), `poolSize` (10), `connect_timeout` (5 seconds), `logging` (false).
 * `?` placeholders are rewritten to `$1..` (`??` is a literal `?`, the jsonb operator). BIGINT values (COUNT(*))
 * come back as numbers when they fit in a safe integer, NUMERIC as strings.
 */
export class PostgresSqlAdapter extends TypeOrmSqlAdapter {
  readonly name = 'postgres';
  readonly dialect = 'postgres' as const;
  readonly target: string;
  private types: PgTypes | undefined;

  constructor(context: SqlAdapterContext) {
    super(context);
    this.target = describeTarget(context.settings);
  }

  static override dataSourceOptions(context: AdapterContext): DataSourceOptions {
    const settings = context.settings;
    const text = (key: string): string | undefined => (typeof settings[key] === 'string' ? (settings[key] as string) : undefined);
    const num = (key: string, fallback: number): number => (settings[key] === undefined ? fallback : Number(settings[key]));
    const url = text('url');
    return {
      type: 'postgres',
      // NOTE: handed to TypeORM so a missing driver is our clear error, not TypeORM's.
      driver: requireOptionalPeer('pg', 'the postgres sql adapter', () => require('pg')),
      ...(url
        ? { url }
        : {
            host: text('host') ?? '127.0.0.1',
            port: num('port', 5432),
            username: text('user') ?? text('username') ?? 'postgres',
            password: text('password'),
            database: text('database') ?? 'postgres',
          }),
      schema: text('schema'),
      applicationName: context.appName,
      poolSize: num('poolSize', 10),
      connectTimeoutMS: durationSetting(settings, 'connectTimeout', 5000, 'sql'),
      logging: settings.logging === true,
      ...SAFE_DATA_SOURCE_OPTIONS,
    };
  }

  override async connect(): Promise<void> {
    await super.connect();
    this.types ??= adapterTypes();
  }

  protected async runStatement(sql: string, params: unknown[], queryRunner: QueryRunner | undefined): Promise<SqlExecuteResult> {
    const connection: PgQueryable = queryRunner
      ? ((await queryRunner.connect()) as PgQueryable)
      : ((this.dataSource.driver as unknown as { master: PgQueryable }).master);
    const values = params.map((value) => (value === undefined ? null : value));
    const raw = await connection.query({ text: sql, values, types: this.types ?? adapterTypes() });
    const results = Array.isArray(raw) ? raw : [raw];
    const affected = results.reduce(
      (sum, result) => sum + (COMMANDS_WITH_AFFECTED_ROWS.has(result.command) ? (result.rowCount ?? 0) : 0),
      0,
    );
    return { affected, rows: results[results.length - 1]?.rows ?? [] };
  }
}

/** pg's parsers, except BIGINT as a number when it is a safe integer (for this adapter's queries only). */
function adapterTypes(): PgTypes {
  // NOTE: required lazily: pg is only loaded when the postgres adapter is selected.
  const pg = requireOptionalPeer<{ types: PgTypes }>('pg', 'the postgres sql adapter', () => require('pg'));
  return {
    getTypeParser(oid: number, format?: string) {
      if (oid === INT8_OID && format !== 'binary') {
        return (value: string) => {
          const parsed = Number(value);
          return Number.isSafeInteger(parsed) ? parsed : value;
        };
      }
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
}

function describeTarget(settings: Record<string, unknown>): string {
  if (typeof settings.url === 'string' && settings.url.length > 0) {
    try {
      const url = new URL(settings.url);
      return `${url.hostname || '127.0.0.1'}:${url.port || '5432'}`;
    } catch {
      return 'the configured url';
    }
  }
  const host = typeof settings.host === 'string' ? settings.host : '127.0.0.1';
  return `${host}:${settings.port === undefined ? 5432 : String(settings.port)}`;
}
