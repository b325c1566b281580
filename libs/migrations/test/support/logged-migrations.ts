import { Migration, type MigrationClass } from '@acb/migrations';

/**
 * `count` migrations; the first creates applied_log, each (first included) records (version, pid) there after a short
 * pause, so concurrent runners would overlap if the lock let them.
 */
export function loggedMigrations(count: number): MigrationClass[] {
  return Array.from({ length: count }, (_, index) => {
    const version = String(index + 1);
    return class LoggedMigration extends Migration {
      version = version;
      description = `logged ${version}`;
      async up() {
        if (this.version === '1') await this.sql.execute('CREATE TABLE applied_log (version VARCHAR(20) NOT NULL, pid INTEGER NOT NULL)');
        await new Promise((resolve) => setTimeout(resolve, 10));
        await this.sql.execute('INSERT INTO applied_log (version, pid) VALUES (?, ?)', [this.version, process.pid]);
      }
    };
  });
}
