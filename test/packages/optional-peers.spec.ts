import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Drivers are optional peer dependencies: an application that does not select them starts without them installed,
 * and one that selects a missing driver gets an error naming the package to install. Each case runs in a child
 * process where the named packages cannot be resolved, as in an application that never installed them.
 */
const ROOT = join(__dirname, '..', '..');
const DRIVERS = ['ioredis', 'bullmq', 'amqplib', 'pg', 'prom-client', 'sanitize-html'];

interface Outcome {
  started: boolean;
  name?: string;
  message?: string;
}

function startApp(hide: string[], env: Record<string, string> = {}): Outcome {
  const cwd = mkdtempSync(join(tmpdir(), 'acb-peers-'));
  try {
    const output = execFileSync(
      process.execPath,
      ['-r', join(__dirname, 'hide-packages.js'), '-r', join(ROOT, 'test', 'register-ts.js'), join(__dirname, 'start-acb-app.ts')],
      {
        cwd,
        env: { PATH: process.env.PATH ?? '', ACB_HIDE_PACKAGES: hide.join(','), ACB_SQL__DATABASE: ':memory:', ...env },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return JSON.parse(output.trim().split('\n').pop() ?? '{}') as Outcome;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe('optional peer dependencies (drivers)', () => {
  it('starts on the embedded defaults with no driver but better-sqlite3 installed', () => {
    expect(startApp(DRIVERS)).toEqual({ started: true });
  });

  it('starts without @nestjs/schedule (the SchedulerRegistry bridge of the memory queue loads it only if installed)', () => {
    expect(startApp([...DRIVERS, '@nestjs/schedule'])).toEqual({ started: true });
  });

  it.each([
    ['ioredis', { ACB_ADAPTERS__CACHE: 'redis' }, 'the redis cache adapter'],
    ['pg', { ACB_ADAPTERS__SQL: 'postgres' }, 'the postgres sql adapter'],
    ['better-sqlite3', {}, 'the sqlite sql adapter'],
    ['prom-client', { ACB_ADAPTERS__MONITORING: 'prometheus' }, 'the prometheus monitoring adapter'],
    ['bullmq', { ACB_ADAPTERS__QUEUE__BACKEND: 'redis' }, 'the redis queue backend'],
    ['amqplib', { ACB_ADAPTERS__QUEUE__BACKEND: 'rabbitmq' }, 'the rabbitmq queue backend'],
  ])('names %s when the settings select what needs it and it is missing', (pkg, env, usedBy) => {
    const outcome = startApp([pkg], env);
    expect(outcome.started).toBe(false);
    expect(outcome.name).toBe('MissingPeerDependencyError');
    expect(outcome.message).toContain(`${usedBy} needs the npm package "${pkg}"`);
    expect(outcome.message).toContain(`npm install ${pkg}`);
  });
});
