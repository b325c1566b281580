import { Migration } from '@acb/migrations';

/**
 * The `users` table of `User` (apps/api/src/users/user.entity.ts), per dialect. `IF NOT EXISTS` because databases
 * created before the migration system already have the table (the initializer this replaces made it); the migration
 * then just records it as applied.
 *
 * NOTE: self-contained on purpose (no imported constants): the checksum covers this method's text.
 */
export class CreateUsersTable extends Migration {
  version = '001';
  description = 'Create the users table';

  async up(): Promise<void> {
    if (this.sql.dialect === 'postgres') {
      await this.sql.execute(`CREATE TABLE IF NOT EXISTS users (
        id SERIAL PRIMARY KEY,
        email VARCHAR(320) NOT NULL UNIQUE,
        name VARCHAR(200) NOT NULL,
        created_at TIMESTAMP NOT NULL DEFAULT now()
      )`);
      return;
    }
    await this.sql.execute(`CREATE TABLE IF NOT EXISTS users (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      email VARCHAR(320) NOT NULL UNIQUE,
      name VARCHAR(200) NOT NULL,
      created_at DATETIME NOT NULL DEFAULT (datetime('now'))
    )`);
  }

  override async down(): Promise<void> {
    await this.sql.execute('DROP TABLE users');
  }
}
