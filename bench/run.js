#!/usr/bin/env node
// `npm run bench` runs every suite; `npm run bench -- queues events` runs those. Each suite is bench/<suite>.bench.ts,
// a test in the jest `benchmark` project; results go to bench/results/<suite>.json.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const available = fs.readdirSync(__dirname).filter((file) => file.endsWith('.bench.ts')).map((file) => file.replace('.bench.ts', ''));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((suite) => !available.includes(suite));
if (unknown.length > 0) {
  console.error(`unknown bench suite: ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
const patterns = (wanted.length > 0 ? wanted : available).map((suite) => `bench/${suite}\\.bench\\.ts$`);
const jest = require.resolve('jest/bin/jest');
const result = spawnSync(process.execPath, [jest, '--selectProjects', 'benchmark', '--runInBand', '--testPathPattern', patterns.join('|')], {
  stdio: 'inherit',
  cwd: path.join(__dirname, '..'),
});
process.exit(result.status ?? 1);
