import * as fs from 'node:fs';
import * as path from 'node:path';

/** What `create` wrote. */
export interface CreatedMigration {
  file: string;
  version: string;
  className: string;
}

/**
 * Writes `<dir>/<version>-<kebab-name>.ts`: version is the next number after the highest numbered file (at least
 * 3 digits, `001` in an empty directory) or a UTC timestamp (`20240131120000`) with `timestamp`.
 */
export function createMigration(directory: string, name: string, options: { timestamp?: boolean; now?: Date } = {}): CreatedMigration {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) throw new Error(`Migration name ${JSON.stringify(name)} has no letters or digits.`);
  const className = words.map((word) => word[0].toUpperCase() + word.slice(1)).join('').replace(/^(\d)/, 'M$1');
  const kebab = words.map((word) => word.toLowerCase()).join('-');
  fs.mkdirSync(directory, { recursive: true });
  const version = options.timestamp ? timestampOf(options.now ?? new Date()) : nextNumber(directory);
  const file = path.join(directory, `${version}-${kebab}.ts`);
  if (fs.existsSync(file)) throw new Error(`${file} already exists.`);
  fs.writeFileSync(file, template(className, version, words.join(' ').toLowerCase()), { flag: 'wx' });
  return { file, version, className };
}

function nextNumber(directory: string): string {
  let highest = 0;
  let width = 3;
  for (const entry of fs.readdirSync(directory)) {
    const match = /^(\d+)[-_.]/.exec(entry);
    if (!match || match[1].length >= 14) continue;
    highest = Math.max(highest, Number(match[1]));
    width = Math.max(width, match[1].length);
  }
  return String(highest + 1).padStart(width, '0');
}

function timestampOf(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function template(className: string, version: string, description: string): string {
  return `import { Migration } from '@acb/migrations';

export class ${className} extends Migration {
  version = '${version}';
  description = '${description.replace(/'/g, "\\'")}';

  async up(): Promise<void> {
    // Runs in one transaction with its history record. Example:
    // await this.sql.execute('CREATE TABLE example (id INTEGER PRIMARY KEY)');
  }

  override async down(): Promise<void> {
    // Reverts up(). Delete this method (or throw IrreversibleMigrationError) if it cannot be reverted.
    // await this.sql.execute('DROP TABLE example');
  }
}
`;
}
