#!/usr/bin/env node
// `npm run bench` runs every suite; `npm run bench -- queues events` runs those. Each suite is bench/<suite>.bench.ts,
// a plain node script (not a jest test: jest's module sandbox adds a per-operation cost to both sides of every
// comparison), run in its own process as `node -r ./test/register-ts.js bench/<suite>.bench.ts`, one after the other;
// each writes bench/results/<suite>.json. `npm run bench` runs `scripts/servers.sh ensure` first (prebench), and the
// suites read the servers' URLs from .servers/env the way the integration tests do.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const available = fs
  .readdirSync(__dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace('.bench.ts', ''))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((suite) => !available.includes(suite));
if (unknown.length > 0) {
  console.error(`unknown bench suite: ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

const failed = [];
for (const suite of wanted.length > 0 ? wanted : available) {
  process.stdout.write(`\n=== bench ${suite} (node bench/${suite}.bench.ts) ===\n`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['-r', './test/register-ts.js', `bench/${suite}.bench.ts`], { stdio: 'inherit', cwd: root });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    process.stdout.write(`=== bench ${suite}: done in ${seconds} s ===\n`);
  } else {
    failed.push(suite);
    process.stdout.write(`=== bench ${suite}: FAILED (exit ${result.status ?? result.signal}) after ${seconds} s ===\n`);
  }
}
if (failed.length > 0) {
  console.error(`bench suites that failed: ${failed.join(', ')}`);
  process.exit(1);
}
