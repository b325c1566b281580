#!/usr/bin/env node
// Prints the benchmark results as Markdown tables (one per suite) for README figures:
//   node bench/table.js                       bench/results/*.json (the last run)
//   node bench/table.js runA/ runB/ ...       several runs' result directories: values become "min–max" ranges and
//                                             "met" says in how many runs the goal held
//   node bench/table.js --suites queues,events [dirs...]
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
let suites;
const dirs = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--suites') suites = args[++i].split(',');
  else dirs.push(args[i]);
}
if (dirs.length === 0) dirs.push(path.join(__dirname, 'results'));

const runs = dirs.map((dir) =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))]),
  ),
);
const names = [...new Set(runs.flatMap((run) => Object.keys(run)))].filter((suite) => !suites || suites.includes(suite)).sort();

const figure = (value) => {
  if (value === null || value === undefined) return '';
  const abs = Math.abs(value);
  if (abs >= 10_000_000) return `${(value / 1_000_000).toFixed(1)} M`;
  if (abs >= 100_000) return `${(value / 1000).toFixed(0)} k`;
  if (abs >= 1000) return value.toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (abs >= 10) return value.toFixed(1);
  return value.toPrecision(2);
};
const range = (values) => {
  const present = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  if (present.length === 0) return '';
  const low = Math.min(...present);
  const high = Math.max(...present);
  return figure(low) === figure(high) ? figure(low) : `${figure(low)}–${figure(high)}`;
};

for (const suite of names) {
  const rows = new Map();
  for (const run of runs) {
    for (const result of run[suite] ?? []) {
      const key = `${result.name}\u0000${result.baselineName ?? ''}`;
      if (!rows.has(key)) rows.set(key, []);
      rows.get(key).push(result);
    }
  }
  const out = [`#### ${suite}`, '', '| figure | unit | ours | baseline | ratio | goal | met |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const results of rows.values()) {
    const first = results[0];
    const met = results.filter((r) => r.met).length;
    const metText = results.length === 1 ? (met ? 'yes' : '**no**') : met === results.length ? `yes (${met}/${results.length})` : `**${met}/${results.length}**`;
    const baseline = first.baselineName ? `${range(results.map((r) => r.baseline))} (${first.baselineName})` : '';
    out.push(
      `| ${first.name} | ${first.unit} | ${range(results.map((r) => r.ours))} | ${baseline} | ${range(results.map((r) => r.ratio))} | ${first.goal} | ${metText} |`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n\n`);
}
