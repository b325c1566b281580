import { Migration } from '@acb/migrations';

/** Blog posts (bodies stored already sanitized). */
export class CreatePosts extends Migration {
  version = '003';
  description = 'Create posts';

  async up(): Promise<void> {
    const id = this.sql.dialect === 'postgres' ? 'SERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    await this.sql.execute(`CREATE TABLE posts (
      id ${id},
      title VARCHAR(200) NOT NULL,
      body_html TEXT NOT NULL,
      author_id INTEGER NOT NULL,
      author_name VARCHAR(200) NOT NULL,
      created_at VARCHAR(40) NOT NULL
    )`);
    await this.sql.execute('CREATE INDEX posts_created_at ON posts (created_at)');
  }

  override async down(): Promise<void> {
    await this.sql.execute('DROP TABLE posts');
  }
}
