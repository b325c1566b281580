import type { MigrationInterface, QueryRunner } from 'typeorm';
import { InvalidMigrationError } from '../errors/invalid-migration.error';
import type { MigrationClass, MigrationInput, MigrationSource } from '../interfaces/migration-source.interface';
import { Migration, withMigrationContext, type MigrationContext } from '../migration';
import { MigrationsMessages } from '../migrations.messages';
import { migrationChecksum } from './checksum';

/** Letters, digits, '.', '_', '-' (so a version is safe in file names, logs and CLI arguments). */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
/** TypeORM names migrations `<Name><timestamp>` (13-digit milliseconds). */
const TYPEORM_NAME = /^(.*?)(\d{10,})$/;
const IRREVERSIBLE_DOWN = /throw\s+new\s+(?:\(0,\s*)?[\w$.]*IrreversibleMigrationError\b/;

/** Which function runs one direction of a migration, given the sql adapter (transaction-bound when transactional). */
export type MigrationDirection = 'up' | 'down';

/** @internal One known migration, loaded once: its identity, checksum and how to run it. */
export interface MigrationDefinition {
  readonly version: string;
  readonly description: string;
  readonly dependsOn: readonly string[];
  readonly transactional: boolean;
  readonly reversible: boolean;
  readonly checksum: string;
  /** The file, or the class name when the class was given directly. */
  readonly source: string;
  readonly kind: 'acb' | 'typeorm';
  /** The class itself (the same class given twice is one migration). */
  readonly type: MigrationClass;
  run(direction: MigrationDirection, context: MigrationContext, queryRunner: () => Promise<QueryRunnerLease>): Promise<void>;
}

/** A TypeORM QueryRunner for a TypeORM migration, and how to give it back. */
export interface QueryRunnerLease {
  queryRunner: QueryRunner;
  release(): Promise<void>;
}

export function toSource(input: MigrationInput): MigrationSource {
  return typeof input === 'function' ? { migration: input } : input;
}

/** Reads a class's version, description, dependencies and checksum; throws InvalidMigrationError when it is none. */
export function defineMigration(input: MigrationInput): MigrationDefinition {
  const { migration: type, file } = toSource(input);
  const source = file ?? (typeof type === 'function' ? type.name || 'anonymous class' : String(type));
  if (typeof type !== 'function' || typeof type.prototype?.up !== 'function') {
    throw new InvalidMigrationError(MigrationsMessages.notAMigration(source));
  }
  return type.prototype instanceof Migration ? defineAcb(type as new () => Migration, source) : defineTypeOrm(type as new () => MigrationInterface, source);
}

function defineAcb(type: new () => Migration, source: string): MigrationDefinition {
  const sample = new type();
  const version = checkVersion(sample.version, source);
  const down = type.prototype.down as (() => Promise<void>) | undefined;
  const reversible = typeof down === 'function' && !IRREVERSIBLE_DOWN.test(down.toString());
  return {
    version,
    description: String(sample.description ?? ''),
    dependsOn: [...(sample.dependsOn ?? [])].map(String),
    transactional: sample.transactional !== false,
    reversible,
    checksum: migrationChecksum([String(sample.transactional !== false), methodText(type, 'up'), methodText(type, 'down')]),
    source,
    kind: 'acb',
    type,
    async run(direction, context) {
      const migration = new type();
      await withMigrationContext(migration, context, () => (direction === 'up' ? migration.up() : (migration.down as () => Promise<void>)()));
    },
  };
}

function defineTypeOrm(type: new () => MigrationInterface, source: string): MigrationDefinition {
  const sample = new type() as MigrationInterface & { transaction?: boolean };
  const name = sample.name ?? type.name;
  const match = TYPEORM_NAME.exec(name ?? '');
  if (!match) throw new InvalidMigrationError(MigrationsMessages.invalidVersion(source, name));
  return {
    version: checkVersion(match[2], source),
    description: match[1] || name,
    dependsOn: [],
    transactional: sample.transaction !== false,
    reversible: typeof type.prototype.down === 'function',
    checksum: migrationChecksum([String(sample.transaction !== false), methodText(type, 'up'), methodText(type, 'down')]),
    source,
    kind: 'typeorm',
    type,
    async run(direction, _context, lease) {
      const { queryRunner, release } = await lease();
      try {
        const migration = new type();
        await (direction === 'up' ? migration.up(queryRunner) : migration.down(queryRunner));
      } finally {
        await release();
      }
    },
  };
}

function checkVersion(version: unknown, source: string): string {
  if (typeof version !== 'string' && typeof version !== 'number') throw new InvalidMigrationError(MigrationsMessages.invalidVersion(source, version));
  const text = String(version);
  if (!VERSION.test(text)) throw new InvalidMigrationError(MigrationsMessages.invalidVersion(source, version));
  return text;
}

/** The method's text as the class (or its nearest ancestor below Migration) defines it. */
function methodText(type: MigrationClass, name: 'up' | 'down'): string {
  const method = (type.prototype as Record<string, unknown>)[name];
  return typeof method === 'function' ? method.toString() : '';
}
