import { Migration } from '@acb/migrations';

/** Orders and the workflow run that fulfils each. */
export class CreateOrders extends Migration {
  version = '004';
  description = 'Create orders';

  async up(): Promise<void> {
    const id = this.sql.dialect === 'postgres' ? 'SERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    await this.sql.execute(`CREATE TABLE orders (
      id ${id},
      user_id INTEGER NOT NULL,
      items TEXT NOT NULL,
      total_cents INTEGER NOT NULL,
      status VARCHAR(20) NOT NULL,
      run_id VARCHAR(64),
      payment_id VARCHAR(64),
      tracking_number VARCHAR(64),
      created_at VARCHAR(40) NOT NULL
    )`);
    await this.sql.execute('CREATE INDEX orders_user_id ON orders (user_id)');
  }

  override async down(): Promise<void> {
    await this.sql.execute('DROP TABLE orders');
  }
}
