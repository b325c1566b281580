import type { SqlAdapter } from '@acb/adapters';
import { MigrationsOptionsError } from '../errors/migrations-options.error';
import { MigrationsMessages } from '../migrations.messages';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;

/** One row of the history table. */
export interface HistoryRow {
  version: string;
  description: string;
  checksum: string;
  appliedAt: Date;
  durationMs: number;
  /** `host:pid` of the process that applied it. */
  appliedBy: string;
  /** 1, 2, 3 ... in the order migrations were applied. */
  rank: number;
  /** `applied`, or `baseline` when `baseline()` recorded it without running it. */
  kind: 'applied' | 'baseline';
}

interface RawRow {
  version: string;
  description: string;
  checksum: string;
  applied_at: string | Date;
  duration_ms: number | string;
  applied_by: string;
  installed_rank: number | string;
  kind: string;
}

/** Checks a history table name (`_migrations`, `schema.table`) and returns it quoted for SQL. */
export function quoteTableName(table: string): string {
  if (!TABLE_NAME.test(table)) throw new MigrationsOptionsError(MigrationsMessages.invalidTable(table));
  return table
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}

/** The history table (`_migrations` by default) on one sql adapter. */
export class HistoryTable {
  readonly quoted: string;

  constructor(
    private readonly sql: SqlAdapter,
    readonly table: string,
  ) {
    this.quoted = quoteTableName(table);
  }

  async exists(): Promise<boolean> {
    if (this.sql.dialect === 'postgres') {
      const row = await this.sql.fetchOne<{ oid: unknown }>('SELECT to_regclass(?)::text AS oid', [this.quoted]);
      return row?.oid !== null && row?.oid !== undefined;
    }
    const name = this.table.includes('.') ? this.table.slice(this.table.indexOf('.') + 1) : this.table;
    return (await this.sql.fetchOne("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?", [name])) !== undefined;
  }

  async create(): Promise<void> {
    const appliedAt = this.sql.dialect === 'postgres' ? 'TIMESTAMPTZ' : 'VARCHAR(40)';
    await this.sql.execute(
      `CREATE TABLE IF NOT EXISTS ${this.quoted} (
        version VARCHAR(200) PRIMARY KEY,
        description TEXT NOT NULL,
        checksum VARCHAR(64) NOT NULL,
        applied_at ${appliedAt} NOT NULL,
        duration_ms INTEGER NOT NULL,
        applied_by VARCHAR(300) NOT NULL,
        installed_rank INTEGER NOT NULL,
        kind VARCHAR(20) NOT NULL
      )`,
    );
  }

  /** Every row in the order applied; none when the table does not exist yet (`created`: it does, skip the check). */
  async read(created = false): Promise<HistoryRow[]> {
    if (!created && !(await this.exists())) return [];
    const rows = await this.sql.fetchAll<RawRow>(
      `SELECT version, description, checksum, applied_at, duration_ms, applied_by, installed_rank, kind FROM ${this.quoted} ORDER BY installed_rank`,
    );
    return rows.map((row) => ({
      version: row.version,
      description: row.description,
      checksum: row.checksum,
      appliedAt: row.applied_at instanceof Date ? row.applied_at : new Date(row.applied_at),
      durationMs: Number(row.duration_ms),
      appliedBy: row.applied_by,
      rank: Number(row.installed_rank),
      kind: row.kind === 'baseline' ? 'baseline' : 'applied',
    }));
  }

  /** Records an applied migration through `sql` (the migration's transaction when it has one). */
  async insert(sql: SqlAdapter, row: HistoryRow): Promise<void> {
    await sql.execute(
      `INSERT INTO ${this.quoted} (version, description, checksum, applied_at, duration_ms, applied_by, installed_rank, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.version, row.description, row.checksum, row.appliedAt.toISOString(), row.durationMs, row.appliedBy, row.rank, row.kind],
    );
  }

  async remove(sql: SqlAdapter, version: string): Promise<void> {
    await sql.execute(`DELETE FROM ${this.quoted} WHERE version = ?`, [version]);
  }

  async updateChecksum(version: string, checksum: string, description: string): Promise<void> {
    await this.sql.execute(`UPDATE ${this.quoted} SET checksum = ?, description = ? WHERE version = ?`, [checksum, description, version]);
  }
}
