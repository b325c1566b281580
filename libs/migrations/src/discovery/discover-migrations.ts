import * as fs from 'node:fs';
import * as path from 'node:path';
import { MigrationLoadError } from '../errors/migration-load.error';
import type { MigrationClass, MigrationSource } from '../interfaces/migration-source.interface';
import { Migration } from '../migration';
import { MigrationsMessages } from '../migrations.messages';

/** Options of `discoverMigrations`. */
export interface DiscoverMigrationsOptions {
  /**
   * File name pattern (`*` any text, `?` one character, `{ts,js}` alternatives), matched against the name only.
   * @default '*.{ts,js}' (declaration files, source maps and *.spec / *.int-spec files are always left out)
   */
  pattern?: string;
  /** Look into sub-directories too. @default false */
  recursive?: boolean;
}

const ALWAYS_SKIPPED = /(\.d\.ts|\.map|\.spec\.[jt]s|\.int-spec\.[jt]s|\.test\.[jt]s)$/;

/**
 * Loads every migration class exported by the files of `directory` (the seed's `discover_migrations`): `Migration`
 * subclasses and TypeORM `MigrationInterface` classes, each with its file (named in duplicate-version errors).
 * `.ts` files need a TypeScript loader (ts-node, swc, jest); compiled `.js` files load as they are. When a name
 * exists as both `.ts` and `.js` in one directory, the `.js` is used.
 */
export async function discoverMigrations(directory: string, options: DiscoverMigrationsOptions = {}): Promise<MigrationSource[]> {
  const root = path.resolve(directory);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new MigrationLoadError(MigrationsMessages.noDirectory(root), root);
  }
  const matcher = globToRegExp(options.pattern ?? '*.{ts,js}');
  const files = listFiles(root, options.recursive ?? false).filter((file) => matcher.test(path.basename(file)) && !ALWAYS_SKIPPED.test(file));
  const found: MigrationSource[] = [];
  for (const file of preferCompiled(files)) {
    let exported: Record<string, unknown>;
    try {
      // NOTE: require, not import(): migration files are CommonJS like the rest of the build, and jest/ts-node hook require.
      exported = require(file) as Record<string, unknown>;
    } catch (error) {
      throw new MigrationLoadError(MigrationsMessages.loadFailed(file, error instanceof Error ? error.message : String(error)), file, error);
    }
    for (const value of new Set(Object.values(exported))) {
      if (isMigrationClass(value)) found.push({ migration: value, file });
    }
  }
  return found;
}

/** A `Migration` subclass, or a class with `up` and `down` methods taking a QueryRunner (TypeORM's MigrationInterface). */
export function isMigrationClass(value: unknown): value is MigrationClass {
  if (typeof value !== 'function' || value === Migration) return false;
  const prototype = (value as { prototype?: Record<string, unknown> }).prototype;
  if (!prototype) return false;
  if (prototype instanceof Migration) return true;
  return typeof prototype.up === 'function' && typeof prototype.down === 'function' && (prototype.up as (...args: unknown[]) => unknown).length === 1;
}

function listFiles(directory: string, recursive: boolean): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (recursive) files.push(...listFiles(full, true));
    } else if (entry.isFile()) {
      files.push(full);
    }
  }
  return files;
}

function preferCompiled(files: string[]): string[] {
  const set = new Set(files);
  return files.filter((file) => !(file.endsWith('.ts') && set.has(`${file.slice(0, -3)}.js`)));
}

/** `*`, `?` and `{a,b}` of a file-name glob as a RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const end = pattern.indexOf('}', index);
      if (end === -1) {
        source += '\\{';
        continue;
      }
      source += `(?:${pattern
        .slice(index + 1, end)
        .split(',')
        .map((part) => part.replace(/[.+^$()|[\]\\*?]/g, '\\$&'))
        .join('|')})`;
      index = end;
    } else source += char.replace(/[.+^$(){}|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
