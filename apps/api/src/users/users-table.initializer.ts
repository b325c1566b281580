import { SqlAdapter, type SqlDialect } from '@acb/adapters';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { USERS_TABLE } from './user.entity';
import { UsersMessages } from './users.messages';

/** The `users` table of `User`, per dialect (idempotent). */
export const CREATE_USERS_TABLE: Record<SqlDialect, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS ${USERS_TABLE} (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email VARCHAR(320) NOT NULL UNIQUE,
    name VARCHAR(200) NOT NULL,
    created_at DATETIME NOT NULL DEFAULT (datetime('now'))
  )`,
  postgres: `CREATE TABLE IF NOT EXISTS ${USERS_TABLE} (
    id SERIAL PRIMARY KEY,
    email VARCHAR(320) NOT NULL UNIQUE,
    name VARCHAR(200) NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT now()
  )`,
};

/**
 * Creates the users table at start when it is missing, through the sql adapter (TypeORM `synchronize` is off).
 * Runs in `onApplicationBootstrap`, after the adapters connected in `onModuleInit` and before the app listens.
 *
 * NOTE: a stop-gap: the migrations system (a later issue) replaces this provider with a `CreateUsersTable`
 * migration; the statement above is meant to become its `up()`.
 */
@Injectable()
export class UsersTableInitializer implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersTableInitializer.name);

  constructor(private readonly sql: SqlAdapter) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sql.execute(CREATE_USERS_TABLE[this.sql.dialect]);
    this.logger.log(UsersMessages.tableReady(USERS_TABLE, this.sql.dialect));
  }
}
