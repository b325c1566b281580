import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The packages as a user gets them: every library packed with `npm pack`, installed from the tarballs into a Nest
 * application generated outside the repository, type-checked with `strict`, and its tests run. The application is
 * the root README's "In a Nest application" section: each block tagged `<!-- outside-app: <file> -->` becomes that
 * file, and the `install` block is its dependency list. A README change that breaks the example fails here.
 */
const ROOT = join(__dirname, '..', '..');
const TEMPLATE = join(__dirname, 'outside-app');
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const pinned = (name: string): string => {
  const version = rootPackage.dependencies[name] ?? rootPackage.devDependencies[name];
  if (!version) throw new Error(`${name} has no version in the root package.json`);
  return version;
};

/** The README's tagged blocks: file name -> content. */
function readmeBlocks(): Map<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- outside-app: (\S+) -->\n```[a-z]*\n([\s\S]*?)```/g)) blocks.set(match[1], match[2]);
  return blocks;
}

/** `npm install a b` lines of the install block: [dependencies, devDependencies]. */
function installLists(block: string): [string[], string[]] {
  const prod: string[] = [];
  const dev: string[] = [];
  for (const line of block.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'npm' || words[1] !== 'install') continue;
    const isDev = words.includes('--save-dev') || words.includes('-D');
    (isDev ? dev : prod).push(...words.slice(2).filter((word) => !word.startsWith('-')));
  }
  return [prod, dev];
}

/** Runs a command; returns its stdout and stdout + stderr, or throws with both when it exits non-zero. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): { stdout: string; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, CI: 'true' } });
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${String(result.status ?? result.signal)} in ${cwd}:\n${output}`);
  return { stdout: result.stdout ?? '', output };
}

describe('the packages installed into an outside Nest application', () => {
  const work = mkdtempSync(join(tmpdir(), 'acb-outside-'));
  const app = join(work, 'shop');
  const tarballs = join(work, 'tarballs');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('packs, installs, type-checks and passes the README example tests', () => {
    run('npm', ['run', 'build', '--silent'], ROOT, 180_000);
    mkdirSync(tarballs);
    const packed = JSON.parse(run('npm', ['pack', '--workspaces', '--json', '--silent', '--pack-destination', tarballs], ROOT, 120_000).stdout) as Array<{
      name: string;
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const tarballOf = new Map(packed.map((entry) => [entry.name, join(tarballs, entry.filename)]));
    for (const entry of packed) {
      const paths = entry.files.map((file) => file.path);
      expect(paths).toContain('dist/index.d.ts');
      expect(paths.filter((path) => !path.startsWith('dist/') && path !== 'package.json' && path !== 'README.md')).toEqual([]);
    }

    const blocks = readmeBlocks();
    const [prod, dev] = installLists(blocks.get('install') ?? '');
    expect(prod).toContain('@acb/core');
    const spec = (name: string): string => (name.startsWith('@acb/') ? `file:${tarballOf.get(name) ?? name}` : pinned(name));
    // Every @acb package resolves from the tarballs, also where one depends on another.
    const overrides = Object.fromEntries([...tarballOf].map(([name, file]) => [name, `file:${file}`]));
    // NOTE: better-sqlite3 is a native module; building it from source takes minutes on this machine, so the
    // application gets the copy the repository built (same version) instead of `npm install better-sqlite3`.
    const native: string[] = prod.filter((name) => name === 'better-sqlite3');
    const manifest = {
      name: 'shop',
      version: '1.0.0',
      private: true,
      scripts: { build: 'tsc -p tsconfig.json', test: 'jest' },
      dependencies: {
        '@nestjs/common': pinned('@nestjs/common'),
        '@nestjs/core': pinned('@nestjs/core'),
        '@nestjs/platform-express': pinned('@nestjs/platform-express'),
        'reflect-metadata': pinned('reflect-metadata'),
        rxjs: pinned('rxjs'),
        ...Object.fromEntries(prod.filter((name) => !native.includes(name)).map((name) => [name, spec(name)])),
      },
      devDependencies: {
        '@nestjs/testing': pinned('@nestjs/testing'),
        '@types/jest': pinned('@types/jest'),
        '@types/node': pinned('@types/node'),
        jest: pinned('jest'),
        'ts-jest': '29.4.15',
        typescript: pinned('typescript'),
        ...Object.fromEntries(dev.map((name) => [name, spec(name)])),
      },
      overrides,
      jest: {
        moduleFileExtensions: ['js', 'json', 'ts'],
        rootDir: '.',
        testRegex: '.*\\.spec\\.ts$',
        transform: { '^.+\\.(t|j)s$': 'ts-jest' },
        testEnvironment: 'node',
        // One SQLite file (data/acb.sqlite) for the application's test files: one at a time, as `nest new` apps run.
        maxWorkers: 1,
      },
    };
    mkdirSync(app);
    cpSync(join(TEMPLATE, 'tsconfig.json'), join(app, 'tsconfig.json'));
    for (const [file, content] of blocks) {
      if (file === 'install') continue;
      mkdirSync(dirname(join(app, file)), { recursive: true });
      writeFileSync(join(app, file), content);
    }
    writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app, 300_000);
    for (const name of native) {
      for (const pkg of [name, 'bindings', 'file-uri-to-path']) {
        cpSync(join(ROOT, 'node_modules', pkg), join(app, 'node_modules', pkg), { recursive: true, dereference: true });
      }
      const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
      (manifest.dependencies as Record<string, string>)[name] = installed.version;
    }
    writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    // One copy of Nest, hoisted: no @acb package brought its own.
    const nested = readdirSync(join(app, 'node_modules', '@acb')).filter((lib) =>
      existsSync(join(app, 'node_modules', '@acb', lib, 'node_modules', '@nestjs')),
    );
    expect(nested).toEqual([]);
    // No path alias survives in what was installed.
    const core = readFileSync(join(app, 'node_modules', '@acb', 'core', 'dist', 'acb.module.js'), 'utf8');
    expect(core).toContain('require("@acb/config")');
    expect(core).not.toMatch(/libs\//);

    run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], app, 180_000);
    const { output } = run('npx', ['jest', '--ci', '--colors=false'], app, 180_000);
    expect(output).toMatch(/Test Suites: 3 passed, 3 total/);
    expect(output).toMatch(/Tests: +4 passed, 4 total/);
  }, 600_000);
});
