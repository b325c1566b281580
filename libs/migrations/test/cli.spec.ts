import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverMigrations } from '@acb/migrations';
import { runMigrateCli } from '../src/cli/migrate-cli';

const ROOT = path.resolve(__dirname, '../../..');
const SETTINGS = path.join(__dirname, 'fixtures/cli-settings');

jest.setTimeout(30_000);

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runMigrateCli(['--settings', SETTINGS, ...argv], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

describe('acb-migrate (npm run migrate)', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-migrate-cli-'));
    process.env.CLI_TEST_DB = path.join(dir, 'cli.sqlite');
  });
  afterEach(() => {
    process.env = { ...saved };
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('status, plan, up <version>, validate, to, down: readable tables and a progress line per migration', async () => {
    const status = await cli('status');
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^Version\s+State\s+Applied at\s+Duration\s+Applied by\s+Description\n-+/);
    expect(status.out).toMatch(/001\s+pending\s+Create users table with basic fields/);
    expect(status.out).toContain('3 pending');

    expect((await cli('plan')).out).toMatch(/1\s+001\s+yes\s+Create users table[\s\S]*3 migrations would be applied\./);

    const up = await cli('up', '002');
    expect(up.code).toBe(0);
    expect(up.out).toMatch(/^↑ 001 Create users table with basic fields \.\.\.\n↑ 001 done in \d+ ms\n↑ 002 Add a password column \.\.\.\n↑ 002 done in \d+ ms\nApplied 2 migrations in \d+ ms\.\n$/);

    const after = await cli('status');
    expect(after.out).toMatch(new RegExp(`001\\s+applied\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+\\d+ ms\\s+${os.hostname()}:${process.pid}\\s+Create users table`));
    expect(after.out).toContain('2 applied, 1 pending');

    expect((await cli('validate')).out).toBe('Valid: 3 known, 2 applied, every checksum matches.\n');
    const to = await cli('to', '001');
    expect(to.out).toMatch(/↓ 002 Add a password column \.\.\.\n↓ 002 done in \d+ ms\nRolled back 1 migration in \d+ ms\./);
    const down = await cli('down');
    expect(down.out).toMatch(/↓ 001 .*\n.*\nRolled back 1 migration/);
    expect((await cli('down')).out).toBe('Nothing to roll back.\n');
    expect((await cli('to', '005')).out).toMatch(/Applied 3 migrations/);
  });

  it('--json prints the result as JSON and the progress on stderr', async () => {
    const up = await cli('up', '--json');
    expect(up.code).toBe(0);
    expect(JSON.parse(up.out).map((step: { version: string }) => step.version)).toEqual(['001', '002', '005']);
    expect(up.err).toMatch(/↑ 005 done in \d+ ms/);
    const status = JSON.parse((await cli('status', '--json')).out) as Array<{ version: string; state: string; appliedAt: string }>;
    expect(status.map((s) => [s.version, s.state])).toEqual([['001', 'applied'], ['002', 'applied'], ['005', 'applied']]);
    expect(Number.isNaN(Date.parse(status[0].appliedAt))).toBe(false);
  });

  it('exits 1 naming the version and the failing statement when a migration fails; leaves no trace', async () => {
    process.env.ACB_MIGRATIONS__DIRECTORY = path.join(__dirname, 'fixtures/cli-failing');
    const failed = await cli('up');
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/↑ 001 FAILED after \d+ ms/);
    expect(failed.err).toContain('MigrationFailedError: Migration 001 failed (up) at statement: INSERT INTO missing_table (id) VALUES (1)');
    const json = await cli('up', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).error).toMatchObject({ name: 'MigrationFailedError', version: '001', statement: 'INSERT INTO missing_table (id) VALUES (1)' });
    expect((await cli('status')).out).toMatch(/001\s+pending/);
  });

  it('baseline <version> records an existing schema; validate exits 1 on a missing migration, --accept-changes drops it', async () => {
    // an existing database: the users table with its password column, made before migrations were used
    const Database = require('better-sqlite3') as new (file: string) => { exec(sql: string): void; close(): void };
    const existing = new Database(process.env.CLI_TEST_DB as string);
    existing.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT, password TEXT NOT NULL DEFAULT '')");
    existing.close();
    const baseline = await cli('baseline', '002');
    expect(baseline.out).toBe('Baseline: 2 migrations up to 002 recorded as applied.\n');
    expect((await cli('status')).out).toMatch(/001\s+applied \(baseline\)/);
    expect((await cli('up')).out).toMatch(/↑ 005 done in \d+ ms\nApplied 1 migration in/);
    // another directory where 005 does not exist: the applied 005 is missing
    process.env.ACB_MIGRATIONS__DIRECTORY = path.join(__dirname, 'fixtures/cli-failing');
    const validate = await cli('validate');
    expect(validate.code).toBe(1);
    expect(validate.err).toContain('Migration 005 (Migrate user passwords to scrypt) is recorded as applied but no known migration has that version');
    expect((await cli('validate', '--accept-changes')).code).toBe(0);
    expect((await cli('validate')).code).toBe(0);
  });

  it('exits 2 with the usage on a bad command line', async () => {
    const bad = await cli('sideways');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^unknown command sideways\n\nUsage: acb-migrate <command>/);
    expect((await cli('to')).err).toMatch(/^to needs a version/);
    expect((await cli('status', 'extra')).code).toBe(2);
  });

  it('create <name> writes the next numbered template, which discovery loads', async () => {
    fs.copyFileSync(path.join(__dirname, 'fixtures/seed/001-create-users-table.ts'), path.join(dir, '001-create-users-table.ts'));
    fs.copyFileSync(path.join(__dirname, 'fixtures/seed/005-migrate-user-passwords.ts'), path.join(dir, '005-migrate-user-passwords.ts'));
    const created = await cli('create', 'add email index', '--dir', dir);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^Created .*006-add-email-index\.ts \(version 006, class AddEmailIndex\)\./);
    const found = await discoverMigrations(dir);
    expect(found.map((f) => path.basename(f.file as string))).toEqual(['001-create-users-table.ts', '005-migrate-user-passwords.ts', '006-add-email-index.ts']);
    const stamped = await cli('create', 'BackfillNames', '--dir', dir, '--timestamp', '--json');
    expect(JSON.parse(stamped.out)).toMatchObject({ className: 'BackfillNames', version: expect.stringMatching(/^\d{14}$/) });
  });

  it("runs as a process on an application module (--app): its forFeature migrations too, runOnStartup held off", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['-r', './test/register-ts.js', 'libs/migrations/src/cli/main.ts', '--app', 'libs/migrations/test/fixtures/cli-app/app.module.ts', '--settings', SETTINGS, ...args], {
        cwd: ROOT,
        env: { ...process.env, CLI_TEST_DB: path.join(dir, 'app.sqlite') },
        encoding: 'utf8',
      });
    const status = run('status');
    expect(status.stderr).toBe('');
    expect(status.status).toBe(0);
    // the app's runOnStartup: true was turned off by the CLI: both still pending
    expect(status.stdout).toMatch(/001\s+pending\s+Create users table[\s\S]*lib-001\s+pending\s+Create owners/);
    const up = run('up');
    expect(up.status).toBe(0);
    expect(up.stdout).toContain('Applied 2 migrations');
    const usage = run('nonsense');
    expect(usage.status).toBe(2);
  });
});
