import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AcbConfig } from '@acb/config';
import { describeStartupFailure } from '../src/startup/startup-failure';
import { SpawnedApp } from './support/spawn-app';

// NOTE: each case starts the real entry point in a child process (TypeScript compiled on the fly).
jest.setTimeout(60_000);

const PASSWORD = 'Start-pw-51e';

describe('a start-up failure of the API', () => {
  const apps: SpawnedApp[] = [];

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.dispose();
  });

  async function failedStart(env: Record<string, string>): Promise<{ code: number | null; stdout: string[]; stderr: string }> {
    const app = new SpawnedApp('apps/api/src/main.ts', { ACB_DEMO: '0', PORT: '0', ACB_SQL__DATABASE: ':memory:', ...env });
    apps.push(app);
    const { code } = await app.waitForExit(45_000);
    return { code, stdout: app.lines, stderr: app.stderr.join('') };
  }

  it('bad settings: one line naming the source and the key, no stack, exit 1', async () => {
    const { code, stdout, stderr } = await failedStart({ ACB_APP__PORT: 'abc' });
    expect(code).toBe(1);
    expect(stdout).toEqual([]);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^API failed to start: ConfigValidationError: .*environment variable ACB_APP__PORT: app\.port fails isInt/),
    ]);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable server: one line naming it, never its password, exit 1', async () => {
    const { code, stderr } = await failedStart({ ACB_ADAPTERS__CACHE: 'redis', ACB_CACHE__URL: `redis://:${PASSWORD}@127.0.0.1:1/0` });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^API failed to start: AdapterConnectionError: Cannot connect the cache adapter "redis" to 127\.0\.0\.1:1/)]);
    expect(stderr).not.toContain(PASSWORD);
  });

  it('with debug on, the stack follows the line', async () => {
    const { code, stderr } = await failedStart({ ACB_APP__PORT: 'abc', ACB_DEBUG__ENABLED: 'true' });
    expect(code).toBe(1);
    const [first, ...rest] = stderr.trim().split('\n');
    expect(first).toMatch(/^API failed to start: ConfigValidationError/);
    expect(rest.join('\n')).toMatch(/\n\s+at /);
  });

  it('a duplicate YAML key names the file, the line and the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acb-startup-'));
    try {
      writeFileSync(join(dir, 'app.yml'), 'name: shop\nport: 3000\nname: other\n');
      let error: unknown;
      try {
        new AcbConfig({ settingsDir: dir, env: {} });
      } catch (caught) {
        error = caught;
      }
      const { line, stack } = describeStartupFailure('API', error, false);
      expect(line).toBe(
        `API failed to start: ConfigSyntaxError: YAML syntax error in ${dir}/app.yml at line 3, column 1: duplicate key "name" ` +
          '(each key may appear once in a mapping; keep one) (set debug.enabled: true in settings/debug.yml, or ACB_DEBUG__ENABLED=true, for the stack)',
      );
      expect(stack).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
