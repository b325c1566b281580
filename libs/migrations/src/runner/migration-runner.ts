import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { TransactionSqlAdapter, type NoSqlAdapter, type SqlAdapter } from '@acb/adapters';
import { Logger } from '@nestjs/common';
import { IrreversibleMigrationError } from '../errors/irreversible-migration.error';
import { MigrationDependencyError } from '../errors/migration-dependency.error';
import { MigrationFailedError } from '../errors/migration-failed.error';
import { MigrationValidationError } from '../errors/migration-validation.error';
import { UnknownMigrationVersionError } from '../errors/unknown-migration-version.error';
import { acquirePostgresLock } from '../lock/postgres-advisory.lock';
import type { MigrationLockHandle, MigrationLockOptions } from '../lock/migration-lock';
import { acquireSqliteLock } from '../lock/sqlite-row.lock';
import type { MigrationEventSink, MigrationRunnerOptions } from '../interfaces/migration-runner-options.interface';
import type { MigrationInput } from '../interfaces/migration-source.interface';
import type { MigrationEventPayload, MigrationStatus, MigrationStep, PlannedMigration } from '../interfaces/migration-status.interface';
import type { MigrationLogger } from '../migration';
import { MIGRATION_COMPLETED, MIGRATION_FAILED, MIGRATION_STARTED } from '../migrations.constants';
import { MigrationsMessages } from '../migrations.messages';
import { DuplicateVersionGuard } from './duplicate-version.guard';
import { HistoryTable, type HistoryRow } from './history-table';
import { defineMigration, type MigrationDefinition, type MigrationDirection, type QueryRunnerLease } from './migration-definition';
import { compareVersions } from './compare-versions';
import { orderMigrations } from './order-migrations';
import { StatementRecorder } from './statement-recorder';

/** @default values of MigrationRunnerOptions. */
export const MIGRATION_RUNNER_DEFAULTS = {
  table: '_migrations',
  lockTimeoutMs: 60_000,
  lockPollMs: 100,
  validateBeforeApply: true,
  acceptChanges: false,
} as const;

/** One progress report: a migration started, completed or failed (`durationMs` so far). */
export type MigrationProgress = MigrationStep & { state: 'started' | 'completed' | 'failed' };
export type ProgressListener = (step: MigrationProgress) => void;

/** Options of `migrate()` and `validate()`. */
export interface MigrateOptions {
  /** Stop after this version (inclusive). @default every pending migration */
  to?: string;
  /** Overrides the runner's `acceptChanges` for this call. */
  acceptChanges?: boolean;
}

/**
 * Applies, rolls back and reports migrations against the history table (`_migrations`). Every method that changes
 * the database holds the migration lock (PostgreSQL advisory lock; a lock row on SQLite) for its whole run, so
 * several processes starting together apply each migration once.
 *
 * In a Nest app inject it (AcbMigrationsModule provides it); in a script, `new MigrationRunner({ sql, migrations })`.
 */
export class MigrationRunner {
  readonly table: string;
  private readonly sql: SqlAdapter;
  private readonly nosql: NoSqlAdapter | undefined;
  private readonly history: HistoryTable;
  private readonly inputs: MigrationInput[] = [];
  private ordered: MigrationDefinition[] | undefined;
  private readonly logger: MigrationLogger;
  private readonly events: MigrationEventSink | undefined;
  private readonly appliedBy: string;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly observers = new Set<ProgressListener>();

  constructor(private readonly options: MigrationRunnerOptions) {
    this.sql = options.sql;
    this.nosql = options.nosql;
    this.table = options.table ?? MIGRATION_RUNNER_DEFAULTS.table;
    this.history = new HistoryTable(this.sql, this.table);
    this.logger = options.logger ?? new Logger('Migrations');
    this.events = options.events;
    this.appliedBy = options.appliedBy ?? `${hostname()}:${process.pid}`;
    this.add(...(options.migrations ?? []));
  }

  /** Calls `listener` as each migration starts, completes or fails (the CLI's progress lines). Returns an unsubscribe. */
  observe(listener: ProgressListener): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  /** Adds known migrations (a library's, a discovered directory's). Checked on the next call. */
  add(...migrations: MigrationInput[]): this {
    this.inputs.push(...migrations);
    this.ordered = undefined;
    return this;
  }

  /**
   * Every known migration in apply order, checked: versions valid and unique, dependencies known and acyclic.
   * @throws InvalidMigrationError, MigrationValidationError (duplicate version), MigrationDependencyError
   */
  migrations(): PlannedMigration[] {
    return this.definitions().map(planned);
  }

  /** Every known migration and every applied one that is not known, in apply order (missing ones by version). */
  async status(): Promise<MigrationStatus[]> {
    const rows = await this.history.read();
    return this.statusOf(this.definitions(), rows);
  }

  /**
   * Checks known migrations against the history: a changed or missing applied migration is a problem.
   * With `acceptChanges` it takes the lock and records the new checksums / removes missing rows instead.
   * @throws MigrationValidationError listing every problem
   */
  async validate(options: Pick<MigrateOptions, 'acceptChanges'> = {}): Promise<MigrationStatus[]> {
    const definitions = this.definitions();
    const accept = options.acceptChanges ?? this.options.acceptChanges ?? false;
    if (!accept) {
      return this.throwOnProblems(definitions, await this.history.read());
    }
    return this.locked(async () => {
      await this.history.create();
      await this.acceptProblems(definitions, await this.history.read());
      return this.statusOf(definitions, await this.history.read());
    });
  }

  /** What `migrate({ to })` would run, in order, without running anything. */
  async plan(options: Pick<MigrateOptions, 'to'> = {}): Promise<PlannedMigration[]> {
    const definitions = this.definitions();
    return this.pending(definitions, await this.history.read(), options.to).map(planned);
  }

  /**
   * Applies every pending migration (up to `to`), each in its own transaction, in order. Stops at the first failure
   * (that migration leaves no trace; the ones before it stay applied) and throws MigrationFailedError.
   * When the history already holds every migration up to `to` (and, with `validateBeforeApply`, unchanged), it writes
   * nothing: the history is read without taking the lock, so an application's start does not commit a lock row to
   * the database each time. Anything pending, changed or missing takes the lock and reads the history again under it
   * (concurrent runners still apply each migration once).
   */
  async migrate(options: MigrateOptions = {}): Promise<MigrationStep[]> {
    const definitions = this.definitions();
    if (options.to !== undefined) this.find(definitions, options.to);
    if (!(options.acceptChanges ?? this.options.acceptChanges ?? false) && (await this.serial(() => this.alreadyApplied(definitions, options.to)))) {
      return [];
    }
    return this.locked(async () => {
      await this.history.create();
      let rows = await this.history.read(true);
      const accept = options.acceptChanges ?? this.options.acceptChanges ?? false;
      if (accept) {
        if (await this.acceptProblems(definitions, rows)) rows = await this.history.read(true);
      } else if (this.options.validateBeforeApply ?? MIGRATION_RUNNER_DEFAULTS.validateBeforeApply) {
        this.throwOnProblems(definitions, rows);
      }
      const steps: MigrationStep[] = [];
      let rank = rows.reduce((max, row) => Math.max(max, row.rank), 0);
      for (const definition of this.pending(definitions, rows, options.to)) {
        steps.push(await this.run(definition, 'up', ++rank));
      }
      this.logger.log(MigrationsMessages.upToDate(rows.length + steps.length));
      return steps;
    });
  }

  /** Rolls back the migration applied last. Resolves with nothing rolled back when none is applied. */
  async rollback(): Promise<MigrationStep[]> {
    const definitions = this.definitions();
    return this.locked(async () => {
      const rows = await this.history.read();
      const last = rows[rows.length - 1];
      if (!last) return [];
      return this.rollBack(definitions, rows, [last]);
    });
  }

  /** Rolls back every applied migration that comes after `version` in apply order, newest first. `version` stays. */
  async rollbackTo(version: string): Promise<MigrationStep[]> {
    const definitions = this.definitions();
    return this.locked(async () => {
      const rows = await this.history.read();
      if (!rows.some((row) => row.version === version)) {
        if (definitions.some((definition) => definition.version === version)) {
          throw new UnknownMigrationVersionError(MigrationsMessages.notApplied(version), version);
        }
        throw new UnknownMigrationVersionError(MigrationsMessages.unknownVersion(version), version);
      }
      const position = new Map(definitions.map((definition, index) => [definition.version, index]));
      const target = position.get(version);
      const after = (row: HistoryRow): boolean => {
        const index = position.get(row.version);
        if (index !== undefined && target !== undefined) return index > target;
        return compareVersions(row.version, version) > 0;
      };
      return this.rollBack(definitions, rows, rows.filter(after).reverse());
    });
  }

  /**
   * Marks an existing database as migrated up to `version` (inclusive, in apply order) without running anything,
   * so `migrate()` starts after it. Needs an empty history.
   */
  async baseline(version: string): Promise<MigrationStatus[]> {
    const definitions = this.definitions();
    const index = definitions.indexOf(this.find(definitions, version));
    return this.locked(async () => {
      await this.history.create();
      const rows = await this.history.read();
      if (rows.length > 0) throw new MigrationValidationError(MigrationsMessages.baselineNotEmpty(this.table, rows.length), []);
      const now = new Date();
      let rank = 0;
      await this.sql.transaction(async (tx) => {
        for (const definition of definitions.slice(0, index + 1)) {
          await this.history.insert(tx, { ...this.rowOf(definition, ++rank, 0, now), kind: 'baseline' });
        }
      });
      return this.statusOf(definitions, await this.history.read());
    });
  }

  // --- internals ---------------------------------------------------------------------------------------------

  private definitions(): MigrationDefinition[] {
    if (this.ordered) return this.ordered;
    const guard = new DuplicateVersionGuard();
    const definitions: MigrationDefinition[] = [];
    for (const input of this.inputs) {
      const definition = defineMigration(input);
      if (!guard.add(definition)) continue;
      definitions.push(definition);
    }
    guard.throwIfDuplicates();
    this.ordered = orderMigrations(definitions);
    return this.ordered;
  }

  private find(definitions: MigrationDefinition[], version: string): MigrationDefinition {
    const found = definitions.find((definition) => definition.version === version);
    if (!found) throw new UnknownMigrationVersionError(MigrationsMessages.unknownVersion(version), version);
    return found;
  }

  private pending(definitions: MigrationDefinition[], rows: HistoryRow[], to: string | undefined): MigrationDefinition[] {
    const applied = new Set(rows.map((row) => row.version));
    const end = to === undefined ? definitions.length : definitions.indexOf(this.find(definitions, to)) + 1;
    return definitions.slice(0, end).filter((definition) => !applied.has(definition.version));
  }

  private statusOf(definitions: MigrationDefinition[], rows: HistoryRow[]): MigrationStatus[] {
    const byVersion = new Map(rows.map((row) => [row.version, row]));
    const statuses: MigrationStatus[] = definitions.map((definition) => {
      const row = byVersion.get(definition.version);
      if (!row) return { version: definition.version, description: definition.description, state: 'pending', source: definition.source };
      return {
        version: definition.version,
        description: definition.description,
        state: row.kind === 'applied' && row.checksum !== definition.checksum ? 'changed' : 'applied',
        appliedAt: row.appliedAt,
        durationMs: row.durationMs,
        appliedBy: row.appliedBy,
        recordedAs: row.kind,
        source: definition.source,
      };
    });
    const known = new Set(definitions.map((definition) => definition.version));
    const missing = rows
      .filter((row) => !known.has(row.version) && row.kind === 'applied')
      .map<MigrationStatus>((row) => ({
        version: row.version,
        description: row.description,
        state: 'missing',
        appliedAt: row.appliedAt,
        durationMs: row.durationMs,
        appliedBy: row.appliedBy,
        recordedAs: row.kind,
      }));
    if (missing.length === 0) return statuses;
    return [...statuses, ...missing].sort((a, b) => compareVersions(a.version, b.version));
  }

  private throwOnProblems(definitions: MigrationDefinition[], rows: HistoryRow[]): MigrationStatus[] {
    const statuses = this.statusOf(definitions, rows);
    const byVersion = new Map(definitions.map((definition) => [definition.version, definition]));
    const recorded = new Map(rows.map((row) => [row.version, row.checksum]));
    const problems: string[] = [];
    for (const status of statuses) {
      if (status.state === 'missing') problems.push(MigrationsMessages.missing(status.version, status.description));
      if (status.state === 'changed') {
        const definition = byVersion.get(status.version) as MigrationDefinition;
        problems.push(MigrationsMessages.changed(status.version, definition.source, recorded.get(status.version) ?? '', definition.checksum));
      }
    }
    if (problems.length > 0) throw new MigrationValidationError(MigrationsMessages.validationFailed(problems), problems);
    return statuses;
  }

  /** Records new checksums of changed migrations and removes missing ones. Whether anything changed. */
  private async acceptProblems(definitions: MigrationDefinition[], rows: HistoryRow[]): Promise<boolean> {
    const byVersion = new Map(definitions.map((definition) => [definition.version, definition]));
    let changed = false;
    for (const row of rows) {
      const definition = byVersion.get(row.version);
      if (!definition && row.kind === 'applied') {
        await this.history.remove(this.sql, row.version);
        this.logger.warn(MigrationsMessages.accepted(row.version, 'missing'));
        changed = true;
      } else if (definition && row.kind === 'applied' && row.checksum !== definition.checksum) {
        await this.history.updateChecksum(row.version, definition.checksum, definition.description);
        this.logger.warn(MigrationsMessages.accepted(row.version, 'changed'));
        changed = true;
      }
    }
    return changed;
  }

  private async rollBack(definitions: MigrationDefinition[], rows: HistoryRow[], targets: HistoryRow[]): Promise<MigrationStep[]> {
    const byVersion = new Map(definitions.map((definition) => [definition.version, definition]));
    const leaving = new Set(targets.map((row) => row.version));
    // NOTE: every check before the first change: an irreversible or unknown migration anywhere in the way stops it all.
    for (const row of targets) {
      const definition = byVersion.get(row.version);
      if (!definition) {
        throw new UnknownMigrationVersionError(MigrationsMessages.missingForRollback(row.version), row.version);
      }
      if (!definition.reversible) {
        throw new IrreversibleMigrationError(MigrationsMessages.irreversible(definition.version, definition.description), definition.version);
      }
    }
    for (const row of rows) {
      if (leaving.has(row.version)) continue;
      const dependent = byVersion.get(row.version);
      const blocked = dependent?.dependsOn.find((dependency) => leaving.has(dependency));
      if (blocked) throw new MigrationDependencyError(MigrationsMessages.dependentStaysApplied(blocked, row.version), [blocked, row.version]);
    }
    const steps: MigrationStep[] = [];
    for (const row of targets) steps.push(await this.run(byVersion.get(row.version) as MigrationDefinition, 'down', row.rank));
    return steps;
  }

  /** Runs one direction of one migration with its history change, in one transaction when it is transactional. */
  private async run(definition: MigrationDefinition, direction: MigrationDirection, rank: number): Promise<MigrationStep> {
    const payload: MigrationEventPayload = { version: definition.version, description: definition.description, direction };
    this.logger.log(
      direction === 'up'
        ? MigrationsMessages.applying(definition.version, definition.description)
        : MigrationsMessages.rollingBack(definition.version, definition.description),
    );
    this.progress({ ...payload, durationMs: 0, state: 'started' });
    await this.emit(MIGRATION_STARTED, payload);
    const started = performance.now();
    let recorder: StatementRecorder | undefined;
    const body = async (sql: SqlAdapter): Promise<void> => {
      recorder = new StatementRecorder(sql);
      await definition.run(
        direction,
        { sql: recorder, nosql: this.nosql, logger: this.migrationLogger(definition.version) },
        () => this.queryRunner(sql),
      );
      const durationMs = Math.round(performance.now() - started);
      if (direction === 'up') await this.history.insert(sql, this.rowOf(definition, rank, durationMs, new Date()));
      else await this.history.remove(sql, definition.version);
    };
    try {
      if (definition.transactional) await this.sql.transaction(body);
      else await body(this.sql);
    } catch (error) {
      const statement = recorder?.failedStatement ?? typeOrmQuery(error);
      const failure = new MigrationFailedError(
        MigrationsMessages.failed(definition.version, direction, statement, errorText(error)),
        definition.version,
        direction,
        statement,
        error,
      );
      this.logger.error(failure.message);
      this.progress({ ...payload, durationMs: Math.round(performance.now() - started), state: 'failed' });
      await this.emit(MIGRATION_FAILED, { ...payload, error: errorText(error), ...(statement === undefined ? {} : { statement }) });
      throw failure;
    }
    const durationMs = Math.round(performance.now() - started);
    this.logger.log(direction === 'up' ? MigrationsMessages.applied(definition.version, durationMs) : MigrationsMessages.rolledBack(definition.version, durationMs));
    this.progress({ ...payload, durationMs, state: 'completed' });
    await this.emit(MIGRATION_COMPLETED, { ...payload, durationMs });
    return { version: definition.version, description: definition.description, direction, durationMs };
  }

  /** A TypeORM QueryRunner for a TypeORM migration: the transaction's own, or a fresh one released after. */
  private async queryRunner(sql: SqlAdapter): Promise<QueryRunnerLease> {
    if (sql instanceof TransactionSqlAdapter) return { queryRunner: sql.queryRunner, release: async () => undefined };
    const queryRunner = this.sql.dataSource.createQueryRunner();
    await queryRunner.connect();
    return { queryRunner, release: () => queryRunner.release() };
  }

  private progress(step: MigrationProgress): void {
    this.options.onProgress?.(step);
    for (const listener of this.observers) listener(step);
  }

  private rowOf(definition: MigrationDefinition, rank: number, durationMs: number, appliedAt: Date): HistoryRow {
    return {
      version: definition.version,
      description: definition.description,
      checksum: definition.checksum,
      appliedAt,
      durationMs,
      appliedBy: this.appliedBy,
      rank,
      kind: 'applied',
    };
  }

  private migrationLogger(version: string): MigrationLogger {
    return this.options.migrationLogger?.(version) ?? new Logger(`Migration ${version}`);
  }

  private async emit(name: string, payload: MigrationEventPayload): Promise<void> {
    if (!this.events) return;
    try {
      await this.events.emit(name, payload);
    } catch (error) {
      this.logger.warn(MigrationsMessages.eventFailed(name, errorText(error)));
    }
  }

  /** Runs `fn` holding the migration lock, one call at a time per runner. */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial(async () => {
      const lock = await this.acquire();
      try {
        return await fn();
      } finally {
        // NOTE: a lock that cannot be released (connection lost) is freed by the server anyway; never mask fn's outcome.
        await lock.release().catch((error: unknown) => this.logger.warn(MigrationsMessages.releaseFailed(this.table, errorText(error))));
      }
    });
  }

  /** Runs `fn` after this runner's earlier calls, one call at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Whether the history (read without the lock: read-only statements) holds every migration up to `to`, with no
   * changed or missing one when `validateBeforeApply` is on — then `migrate()` has nothing to write. A history table
   * that does not exist yet is not "applied": the locked path creates it.
   */
  private async alreadyApplied(definitions: MigrationDefinition[], to: string | undefined): Promise<boolean> {
    if (!(await this.history.exists())) return false;
    const rows = await this.history.read(true);
    if (this.pending(definitions, rows, to).length > 0) return false;
    if (this.options.validateBeforeApply ?? MIGRATION_RUNNER_DEFAULTS.validateBeforeApply) {
      if (this.statusOf(definitions, rows).some((status) => status.state === 'changed' || status.state === 'missing')) return false;
    }
    this.logger.log(MigrationsMessages.upToDate(rows.length));
    return true;
  }

  private acquire(): Promise<MigrationLockHandle> {
    const options: MigrationLockOptions = {
      table: this.table,
      timeoutMs: this.options.lockTimeoutMs ?? MIGRATION_RUNNER_DEFAULTS.lockTimeoutMs,
      pollMs: this.options.lockPollMs ?? MIGRATION_RUNNER_DEFAULTS.lockPollMs,
      holder: this.appliedBy,
      onWait: (holder) => this.logger.log(MigrationsMessages.waitingForLock(this.table, holder)),
      onStaleTaken: (holder) => this.logger.warn(MigrationsMessages.staleLockTaken(this.table, holder)),
    };
    return this.sql.dialect === 'postgres' ? acquirePostgresLock(this.sql, options) : acquireSqliteLock(this.sql, options);
  }
}

function planned(definition: MigrationDefinition): PlannedMigration {
  return {
    version: definition.version,
    description: definition.description,
    source: definition.source,
    dependsOn: definition.dependsOn,
    transactional: definition.transactional,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** TypeORM's QueryFailedError carries the query that failed. */
function typeOrmQuery(error: unknown): string | undefined {
  const query = (error as { query?: unknown } | null)?.query;
  return typeof query === 'string' ? query : undefined;
}
