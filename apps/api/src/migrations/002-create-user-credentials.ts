import { Migration } from '@acb/migrations';

/** Password hashes, one row per user (kept out of `users` so no user read can carry one). */
export class CreateUserCredentials extends Migration {
  version = '002';
  description = 'Create user_credentials (scrypt password hashes)';

  async up(): Promise<void> {
    await this.sql.execute(`CREATE TABLE user_credentials (
      user_id INTEGER PRIMARY KEY,
      password_hash VARCHAR(300) NOT NULL,
      updated_at VARCHAR(40) NOT NULL
    )`);
  }

  override async down(): Promise<void> {
    await this.sql.execute('DROP TABLE user_credentials');
  }
}
