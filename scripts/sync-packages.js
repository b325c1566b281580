// Keeps each library's package.json and tsconfig.build.json in step with what its sources import:
//   node scripts/sync-packages.js [lib ...]
// Versions come from the root package.json (the one place versions are pinned). Nest packages, and packages whose
// classes must be one instance in an app (typeorm, class-validator), are peer dependencies; drivers are optional peer
// dependencies (loaded with requireOptionalPeer only when the settings select them); the rest are dependencies.
// `npm run lint` fails on an import the nearest package.json does not declare, so a forgotten run shows up there.
const fs = require('fs'); const path = require('path');
const root = path.join(__dirname, '..');
const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const versions = { ...rootPkg.devDependencies, ...rootPkg.dependencies };
const PEER = new Set(['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs', '@nestjs/config', '@nestjs/terminus', '@nestjs/typeorm', 'typeorm', 'nestjs-pino', '@nestjs/event-emitter', '@nestjs/schedule', '@nestjs/bullmq', 'class-validator', 'class-transformer', '@nestjs/testing', 'pino-http', 'jest', '@types/jest']);
const OPTIONAL = new Set(['@nestjs/schedule', 'better-sqlite3', 'pg', 'ioredis', 'bullmq', 'amqplib', 'amqp-connection-manager', 'prom-client', 'sanitize-html', 'pino-pretty']);
// Loaded by another package on our behalf (TypeORM loads the sqlite/postgres drivers).
const EXTRA = { adapters: ['better-sqlite3', 'pg'], testing: ['jest', '@types/jest'] };
const caret = (v) => (/^\d/.test(v) ? `^${v}` : v);
const descriptions = {
  common: 'ACB shared vocabulary: retries and backoff, durations, optional drivers',
  config: 'ACB configuration for NestJS: YAML settings, secrets, env overrides, validation, hot reload',
  logger: 'ACB structured logging for NestJS on nestjs-pino, with request/task/event context',
  adapters: 'ACB adapters for NestJS: cache, sql, nosql, storage, monitoring, chosen in settings',
  events: 'ACB events for NestJS: pub/sub with retries, dead letters, local and Redis transports',
  queues: 'ACB task queues for NestJS: tasks, workers, schedules on memory, Redis (BullMQ) or RabbitMQ',
  services: 'ACB services layer for NestJS: service registry, repository, unit of work, validation, resilience',
  migrations: 'ACB migrations for NestJS: versioned schema and data migrations with checksums, locks and rollback',
  workflows: 'ACB workflows for NestJS: DAG workflow engine with parallel steps, retries and durable state',
  core: 'ACB for NestJS: AcbModule.forRoot() composes configuration, logging, adapters, events, queues and more',
  testing: 'ACB testing support for NestJS: AcbTestingModule, mock adapters, fixtures, recorders',
};
function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out); else if (p.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(p)) out.push(p);
  }
  return out;
}
const only = process.argv.slice(2);
for (const lib of fs.readdirSync(path.join(root, 'libs'))) {
  if (only.length && !only.includes(lib)) continue;
  const src = path.join(root, 'libs', lib, 'src');
  if (!fs.existsSync(src)) continue;
  const imports = new Set();
  for (const file of walk(src)) {
    const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of text.matchAll(/(?:from|import|(?<![.\w])require\()\s*\(?\s*'([^.'][^']*)'/g)) {
      let name = m[1]; if (name.startsWith('node:')) continue;
      const parts = name.split('/'); name = name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      imports.add(name);
    }
    for (const m of text.matchAll(/requireOptionalPeer(?:<[^>]*>)?\(\s*'([^']+)'/g)) imports.add(m[1]);
  }
  for (const extra of (EXTRA[lib] ?? [])) imports.add(extra);
  const pkgPath = path.join(root, 'libs', lib, 'package.json');
  const existing = fs.existsSync(pkgPath) ? JSON.parse(fs.readFileSync(pkgPath, 'utf8')) : {};
  const dependencies = {}; const peerDependencies = {}; const peerDependenciesMeta = {};
  for (const name of [...imports].sort()) {
    if (name === `@acb/${lib}`) continue;
    if (name.startsWith('@acb/')) { dependencies[name] = '0.1.0'; continue; }
    const v = versions[name];
    if (!v) { console.error(`${lib}: ${name} has no version in the root package.json`); continue; }
    if (OPTIONAL.has(name)) { peerDependencies[name] = caret(v); peerDependenciesMeta[name] = { optional: true }; }
    else if (PEER.has(name)) peerDependencies[name] = caret(v);
    else dependencies[name] = caret(v);
  }
  for (const p of ['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs']) if (lib !== 'common' && !peerDependencies[p]) peerDependencies[p] = caret(versions[p]);
  const pkg = {
    name: `@acb/${lib}`, version: '0.1.0', description: descriptions[lib] ?? existing.description ?? `ACB ${lib}`,
    license: 'BSD-3-Clause', main: 'dist/index.js', types: 'dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
    files: ['dist', '!dist/**/*.tsbuildinfo', 'README.md'], engines: { node: '>=20' },
    ...(existing.bin ? { bin: existing.bin } : {}),
    dependencies, peerDependencies, peerDependenciesMeta,
  };
  for (const k of ['dependencies', 'peerDependencies', 'peerDependenciesMeta']) if (Object.keys(pkg[k]).length === 0) delete pkg[k];
  fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
  const tsPath = path.join(root, 'libs', lib, 'tsconfig.build.json');
  const ts = fs.existsSync(tsPath) ? JSON.parse(fs.readFileSync(tsPath, 'utf8')) : {
    extends: '../../tsconfig.json',
    compilerOptions: { rootDir: 'src', outDir: 'dist', composite: true, incremental: true, declarationMap: true, paths: {}, types: ['node'], tsBuildInfoFile: 'dist/tsconfig.build.tsbuildinfo' },
    include: ['src/**/*.ts'], exclude: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts'],
  };
  const refs = Object.keys(dependencies).filter((d) => d.startsWith('@acb/')).map((d) => ({ path: `../${d.slice(5)}/tsconfig.build.json` }));
  if (refs.length) ts.references = refs; else delete ts.references;
  fs.writeFileSync(tsPath, JSON.stringify(ts, null, 2) + '\n');
  console.log(lib, JSON.stringify({ d: Object.keys(dependencies), p: Object.keys(peerDependencies) }));
}
