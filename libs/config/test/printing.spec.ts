import { Console } from 'node:console';
import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { ConsoleLogger } from '@nestjs/common';
import pino from 'pino';
import { AcbConfig, Secret } from '../src';
import { createSettingsDir, type SettingsDir } from './settings-dir';

const PASSWORD = 'pw-4f1c9e-never-printed';
const ENV_MARKER = 'env-value-4f1c9e-never-printed';

describe('printing an AcbConfig', () => {
  let settings: SettingsDir;
  let config: AcbConfig;

  beforeEach(() => {
    settings = createSettingsDir(
      {
        'app.yml': 'name: shop\n',
        'sql.yml': `url: postgres://app:\${secret:db_password}@db/shop\npassword: \${secret:db_password}\n`,
        'adapters.yml': 'queue:\n  backend: redis\n  redis:\n    password: ${secret:db_password}\n',
      },
      { db_password: PASSWORD },
    );
    config = new AcbConfig({ settingsDir: settings.dir, env: { HOME_SECRET: ENV_MARKER, ACB_APP__VERSION: '2.0.0' } });
    config.section('sql');
  });

  afterEach(() => settings.cleanup());

  function expectSafe(text: string): void {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(ENV_MARKER);
    expect(text).not.toContain('HOME_SECRET');
    expect(text).toContain('shop');
    expect(text).toContain('[redacted]');
  }

  it('JSON.stringify gives the sections, secrets redacted, no environment', () => {
    const json = JSON.stringify(config);
    expectSafe(json);
    const parsed = JSON.parse(json) as { sections: Record<string, Record<string, unknown>> };
    expect(parsed.sections['app']).toMatchObject({ name: 'shop', version: '2.0.0' });
    expect(parsed.sections['sql']).toEqual({ url: '[redacted]', password: '[redacted]' });
  });

  it.each([0, 1, 2, 3, 5, 10, Infinity])('util.inspect at depth %s shows the same safe view', (depth) => {
    const text = inspect(config, { depth, showHidden: true });
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(ENV_MARKER);
    expect(text).toMatch(/^AcbConfig /);
  });

  it('util.inspect deep enough shows the values', () => {
    expectSafe(inspect(config, { depth: 10 }));
  });

  it('console.log prints the safe view', () => {
    // NOTE: a real node Console (jest replaces the global one with its own buffer).
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const out = new Console({ stdout: stream, stderr: stream });
    out.log(config);
    out.log({ nested: { deeper: { config } } });
    out.dir(config, { depth: Infinity });
    expectSafe(lines.join(''));
  });

  it('a pino logger and the Nest logger print the safe view', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    pino({}, sink).info({ config }, 'settings');
    expectSafe(lines.join(''));

    const nest: string[] = [];
    const logger = new ConsoleLogger('Test', { json: true });
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      nest.push(String(chunk));
      return true;
    });
    try {
      logger.log(config);
    } finally {
      spy.mockRestore();
    }
    expectSafe(nest.join(''));
  });

  it('keeps the real values for the code that reads them', () => {
    expect((config.section('sql')['password'] as Secret).reveal()).toBe(PASSWORD);
  });
});
