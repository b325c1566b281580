import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Benchmarks run as users run the libraries: each suite is a plain node script, never a jest test (jest's module
// sandbox adds a per-operation cost to both sides of every comparison and pulls the ratios toward 1).
const benchDir = __dirname;
const suites = readdirSync(benchDir).filter((file) => file.endsWith('.bench.ts'));

describe('npm run bench', () => {
  it('finds the suites', () => {
    expect(suites).toEqual(expect.arrayContaining(['config.bench.ts', 'events.bench.ts', 'queues.bench.ts', 'api.bench.ts']));
  });

  it.each(suites)('%s is a plain node script: no jest globals, a main() that reports and exits non-zero on failure', (file) => {
    const source = readFileSync(join(benchDir, file), 'utf8');
    expect(source).not.toMatch(/(^|[^.\w])(describe|it|test)(\.\w+)?\s*\(\s*['"`]|(^|[^.\w])(expect|beforeAll|afterAll|beforeEach|afterEach)\s*\(|\bjest\./m);
    expect(source).toMatch(/\breport\(\s*'[a-z-]+'/);
    expect(source).toMatch(/main\(\)\.catch\(/);
    expect(source).toMatch(/process\.exit\(1\)/);
  });

  it('spawns each suite with node and the TypeScript hook, not jest', () => {
    const runner = readFileSync(join(benchDir, 'run.js'), 'utf8');
    expect(runner).not.toMatch(/require(\.resolve)?\(['"]jest|--selectProjects/);
    expect(runner).toMatch(/'-r', '\.\/test\/register-ts\.js', `bench\/\$\{suite\}\.bench\.ts`/);
  });

  it('refuses an unknown suite name, listing the known ones', () => {
    const result = spawnSync(process.execPath, [join(benchDir, 'run.js'), 'no-such-suite'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown bench suite: no-such-suite; available: .*queues/);
  });
});
