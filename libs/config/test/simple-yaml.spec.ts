import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { AcbConfig, ConfigSyntaxError } from '../src';
import { parseSimpleYaml } from '../src/loading/simple-yaml';
import { createSettingsDir, type SettingsDir } from './settings-dir';

const ROOT = join(__dirname, '..', '..', '..');
const SKIP = new Set(['node_modules', '.git', 'dist', 'coverage', '.servers', 'data']);

/** Every .yml / .yaml file of the repository (settings, profiles, fixtures, workflow definitions). */
function yamlFiles(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, found);
    else if (/\.ya?ml$/.test(name)) found.push(path);
  }
  return found;
}

/** What the `yaml` package gives, or the error it throws. */
function full(text: string): unknown {
  try {
    return parse(text, { uniqueKeys: true, merge: true });
  } catch {
    return 'error';
  }
}

const SUPPORTED: Record<string, string> = {
  empty: '',
  'only comments': '# a\n   # b\n\n',
  scalars: 'a: 1\nb: -2\nc: +3\nd: 0.5\ne: .5\nf: 1.\ng: -0\nh: 007\ni: 12345678901234567890\n',
  'null and booleans': 'a: ~\nb: null\nc: Null\nd: NULL\ne: true\nf: True\ng: TRUE\nh: false\ni: False\nj: FALSE\nk:\n',
  'not booleans': 'a: yes\nb: no\nc: on\nd: off\ne: tRUE\nf: nulL\n',
  strings: 'a: hello world\nb: 0.1.0\nc: redis://u:p@127.0.0.1:6379/0\nd: ${secret:db_password}\ne: postgres://x@h:5432/db?ssl=true\nf: a#b\ng: foo[bar]{baz},x\nh: C:\\dir\\file\ni: caf\u00e9 \u2713\nj: a  b   c\n',
  comments: 'a: memory    # memory | redis\nb: 3 # retries\nc:   # nothing\nd: "x" # quoted\ne: \'y\'   # single\n',
  quoted: 'a: "0.1.0"\nb: \'it\'\'s\'\nc: "a # b"\nd: \'true\'\ne: ""\nf: \'\'\ng: "x: y"\n',
  flow: 'a: []\nb: {}\n',
  nesting: 'a:\n  b:\n    c: 1\n    d:\n  e: x\nf:\n    g: 2\nh: 3\n',
  'crlf line ends': 'a: 1\r\nb:\r\n  c: two\r\n',
  'keys with digits, dashes and underscores': 'max_retries: 3\nbusy-timeout: 5\nv2: x\n_private: y\n',
  'section wrapper': 'workflows:\n  max_concurrent_steps: 5\n  engine: basic\n',
  'trailing spaces': 'a: x   \nb:   \n',
};

const FALLBACK: Record<string, string> = {
  sequence: 'a:\n  - 1\n  - 2\n',
  'flow with content': 'a: [1, 2]\nb: {c: 1}\n',
  anchor: 'a: &x 1\nb: *x\n',
  merge: 'base:\n  a: 1\nother:\n  <<: {a: 2}\n',
  tag: 'a: !!str 1\n',
  'block scalar': 'a: |\n  text\n',
  'folded scalar': 'a: >\n  text\n',
  'multi-line plain scalar': 'a: one\n  two\n',
  'escape in double quotes': 'a: "x\\ty"\n',
  'unclosed quote': 'a: "x\n  y"\n',
  'text after a quote': 'a: "x" y\n',
  'duplicate key': 'a: 1\na: 2\n',
  'duplicate nested key': 'a:\n  b: 1\n  b: 2\n',
  'document marker': '---\na: 1\n',
  tab: 'a:\n\tb: 1\n',
  'tab in a value': 'a: x\ty\n',
  'quoted key': '"a": 1\n',
  'dotted key': 'a.b: 1\n',
  'merge key': '<<: {a: 1}\n',
  'proto key': '__proto__:\n  polluted: true\n',
  'constructor key': 'constructor: 1\n',
  'boolean key': 'true: 1\n',
  'null key': 'null: 1\n',
  'indented root': '  a: 1\n',
  'bad indentation': 'a:\n    b: 1\n  c: 2\n',
  'exponent': 'a: 1e3\n',
  infinity: 'a: .inf\n',
  nan: 'a: .NaN\n',
  octal: 'a: 0o17\n',
  hex: 'a: 0xff\n',
  'indicator start': 'a: @x\nb: `y`\n',
  'colon space in a value': 'a: b: c\n',
  'value ending with a colon': 'a: b:\n',
  'a lone dash': 'a: -\n',
  'key without a space': 'a:1\n',
  'a scalar document': 'just text\n',
  bom: '\ufeffa: 1\n',
  'control character': 'a: x\u0001\n',
  'stray carriage return': 'a: 1\rb: 2\n',
};

describe('parseSimpleYaml (the settings files fast path)', () => {
  it.each(Object.entries(SUPPORTED))('reads %s exactly as the yaml package does', (_name, text) => {
    const simple = parseSimpleYaml(text);
    expect(simple).not.toBeUndefined();
    expect(simple).toEqual(full(text));
    // NOTE: toEqual treats -0 as 0 and ignores prototypes: compare the printed form too.
    expect(JSON.stringify(simple)).toBe(JSON.stringify(full(text)));
  });

  it.each(Object.entries(FALLBACK))('leaves %s to the yaml package', (_name, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });

  it('reads every YAML file of the repository as the yaml package does, and the sample settings without falling back', () => {
    const files = yamlFiles(ROOT);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const simple = parseSimpleYaml(text);
      if (simple !== undefined) expect({ file: relative(ROOT, file), value: simple }).toEqual({ file: relative(ROOT, file), value: full(text) });
    }
    for (const name of readdirSync(join(ROOT, 'settings')).filter((entry) => entry.endsWith('.yml'))) {
      expect({ name, fast: parseSimpleYaml(readFileSync(join(ROOT, 'settings', name), 'utf8')) !== undefined }).toEqual({ name, fast: true });
    }
  });

  it('builds plain objects a prototype key cannot reach into', () => {
    const value = parseSimpleYaml('a:\n  b: 1\n') as Record<string, Record<string, unknown>>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(value.a)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).b).toBeUndefined();
  });

  describe('through AcbConfig', () => {
    let settings: SettingsDir;
    afterEach(() => settings?.cleanup());

    it('still names a duplicate key with its line (the yaml package reports it)', () => {
      settings = createSettingsDir({ 'app.yml': 'name: a\nport: 1\nname: b\n' });
      const error = (() => {
        try {
          return new AcbConfig({ settingsDir: settings.dir, env: {} });
        } catch (caught) {
          return caught;
        }
      })() as ConfigSyntaxError;
      expect(error).toBeInstanceOf(ConfigSyntaxError);
      expect(error.message).toMatch(/name/);
      expect(error.message).toMatch(/3/);
    });

    it('refuses a __proto__ key as before', () => {
      settings = createSettingsDir({ 'app.yml': '__proto__:\n  port: 1\n' });
      expect(() => new AcbConfig({ settingsDir: settings.dir, env: {} })).toThrow(/__proto__/);
    });
  });
});
