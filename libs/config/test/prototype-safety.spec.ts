import { AcbConfig, ForbiddenConfigKeyError } from '../src';
import { createSettingsDir, type SettingsDir } from './settings-dir';

function expectPrototypeClean(): void {
  const probe: Record<string, unknown> = {};
  expect(probe['polluted']).toBeUndefined();
  expect(probe['x']).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.prototype).not.toHaveProperty('x');
  expect(Object.keys(Object.prototype)).toEqual([]);
}

describe('prototype safety', () => {
  let settings: SettingsDir;

  afterEach(() => {
    settings?.cleanup();
    expectPrototypeClean();
  });

  it.each([
    ['__proto__', '__proto__:\n  polluted: yes\n', 'app.__proto__'],
    ['constructor', 'name: x\nconstructor:\n  prototype:\n    polluted: yes\n', 'app.constructor'],
    ['prototype', 'nested:\n  deeper:\n    prototype:\n      polluted: yes\n', 'app.nested.deeper.prototype'],
    ['__proto__ in a list item', 'items:\n  - __proto__:\n      polluted: yes\n', 'app.items.0.__proto__'],
  ])('rejects a YAML %s key with the file and key path', (key, text, keyPath) => {
    settings = createSettingsDir({ 'app.yml': text });
    let error: unknown;
    try {
      new AcbConfig({ settingsDir: settings.dir, env: {} });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ForbiddenConfigKeyError);
    expect((error as ForbiddenConfigKeyError).name).toBe('ForbiddenConfigKeyError');
    expect((error as ForbiddenConfigKeyError).keyPath).toBe(keyPath);
    expect((error as Error).message).toContain(`${settings.dir}/app.yml`);
    expect((error as Error).message).toContain(`Key "${keyPath.split('.').pop()}" is not allowed`);
    expect(key.length).toBeGreaterThan(0);
  });

  it('rejects a section file named __proto__.yml', () => {
    settings = createSettingsDir({ '__proto__.yml': 'polluted: yes\n' });
    expect(() => new AcbConfig({ settingsDir: settings.dir, env: {} })).toThrow(ForbiddenConfigKeyError);
  });

  it('rejects constructor/prototype segments in environment overrides', () => {
    const env = { ACB_APP__CONSTRUCTOR__PROTOTYPE__POLLUTED: 'yes' };
    expect(() => new AcbConfig({ settingsDir: '/nonexistent', env })).toThrow(ForbiddenConfigKeyError);
    expect(() => new AcbConfig({ settingsDir: '/nonexistent', env })).toThrow(/environment variable ACB_APP__CONSTRUCTOR__PROTOTYPE__POLLUTED/);
    expect(() => new AcbConfig({ settingsDir: '/nonexistent', env: { ACB_CONSTRUCTOR__X: 'yes' } })).toThrow(ForbiddenConfigKeyError);
  });

  it('rejects __proto__ keys in `values` (as JSON.parse makes them)', () => {
    const values = JSON.parse('{"app": {"__proto__": {"polluted": "yes"}}}') as Record<string, unknown>;
    expect(() => new AcbConfig({ settingsDir: '/nonexistent', env: {}, values })).toThrow(ForbiddenConfigKeyError);
    const top = JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, unknown>;
    expect(() => new AcbConfig({ settingsDir: '/nonexistent', env: {}, values: top })).toThrow(ForbiddenConfigKeyError);
  });

  it('keeps ordinary keys that merely contain the words', () => {
    settings = createSettingsDir({ 'extra.yml': 'constructorName: a\nproto: b\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect(config.section('extra')).toEqual({ constructorName: 'a', proto: 'b' });
  });
});
