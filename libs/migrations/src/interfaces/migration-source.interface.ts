import type { MigrationInterface } from 'typeorm';
import type { Migration } from '../migration';

/** A class the runner accepts: a `Migration` subclass or a TypeORM `MigrationInterface` class. */
export type MigrationClass = new () => Migration | MigrationInterface;

/** A migration class and the file it came from (named in errors such as duplicate versions). */
export interface MigrationSource {
  migration: MigrationClass;
  /** The file the class was loaded from (`discoverMigrations` sets it). */
  file?: string;
}

/** What `migrations` options and `forFeature` take: classes, or classes with their file. */
export type MigrationInput = MigrationClass | MigrationSource;
