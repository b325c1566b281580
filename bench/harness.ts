/**
 * The benchmark harness. Timings on a shared 2-core machine are noisy, so every figure is a median over rounds,
 * and every comparison interleaves ours and the baseline in one process (alternating which goes first) and reports
 * the ratio ours / baseline.
 *
 * Every suite is a plain node script (as users run the libraries, not inside jest's module sandbox, which adds a
 * per-operation cost to both sides and pulls ratios toward 1), started by bench/run.js as
 * `node -r ./test/register-ts.js bench/<suite>.bench.ts`:
 *
 *   async function main() { const results = [...]; report('<suite>', results); }
 *   main().catch((e) => { console.error(e); process.exit(1); });
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface BenchResult {
  name: string;
  unit: string;
  ours: number;
  baseline: number | null;
  baselineName: string | null;
  ratio: number | null;
  /** Reads like ">= 0.9" (for the ratio) or "<= 20" (for ours when there is no baseline). */
  goal: string;
  runs: number;
  /** Whether the goal held in this run (informative; benchmarks never fail a build). */
  met: boolean;
}

export interface CompareOptions {
  name: string;
  unit: string;
  goal: string;
  baselineName: string;
  /** @default 7 */
  rounds?: number;
  /** One round of ours: returns the measurement in `unit`. */
  ours: () => Promise<number>;
  /** One round of the baseline, same work: returns the measurement in `unit`. */
  baseline: () => Promise<number>;
  /** Untimed rounds of each before measuring. @default 1 */
  warmup?: number;
}

export interface MeasureOptions {
  name: string;
  unit: string;
  goal: string;
  rounds?: number;
  run: () => Promise<number>;
  warmup?: number;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile, `p` in 0..100. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Runs `fn` (which performs `ops` operations) and returns operations per second. */
export async function throughput(ops: number, fn: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return ops / seconds;
}

/** Runs `fn` and returns its wall time in milliseconds. */
export async function elapsedMs(fn: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export function goalMet(goal: string, value: number | null): boolean {
  const match = /^\s*(<=|>=|<|>)\s*(-?[\d.]+)\s*$/.exec(goal);
  if (!match || value === null || !Number.isFinite(value)) return false;
  const bound = Number(match[2]);
  switch (match[1]) {
    case '<=':
      return value <= bound;
    case '>=':
      return value >= bound;
    case '<':
      return value < bound;
    default:
      return value > bound;
  }
}

export async function compare(options: CompareOptions): Promise<BenchResult> {
  const rounds = options.rounds ?? 7;
  for (let i = 0; i < (options.warmup ?? 1); i += 1) {
    await options.baseline();
    await options.ours();
  }
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      ours.push(await options.ours());
      baseline.push(await options.baseline());
    } else {
      baseline.push(await options.baseline());
      ours.push(await options.ours());
    }
  }
  const oursMedian = median(ours);
  const baselineMedian = median(baseline);
  const ratio = oursMedian / baselineMedian;
  return {
    name: options.name,
    unit: options.unit,
    ours: round(oursMedian),
    baseline: round(baselineMedian),
    baselineName: options.baselineName,
    ratio: round(ratio),
    goal: options.goal,
    runs: rounds,
    met: goalMet(options.goal, ratio),
  };
}

export async function measure(options: MeasureOptions): Promise<BenchResult> {
  const rounds = options.rounds ?? 7;
  for (let i = 0; i < (options.warmup ?? 1); i += 1) await options.run();
  const values: number[] = [];
  for (let i = 0; i < rounds; i += 1) values.push(await options.run());
  const value = median(values);
  return {
    name: options.name,
    unit: options.unit,
    ours: round(value),
    baseline: null,
    baselineName: null,
    ratio: null,
    goal: options.goal,
    runs: rounds,
    met: goalMet(options.goal, value),
  };
}

/** A figure measured elsewhere (e.g. a latency percentile) recorded in the same shape. */
export function record(name: string, unit: string, value: number, goal: string, runs: number): BenchResult {
  return { name, unit, ours: round(value), baseline: null, baselineName: null, ratio: null, goal, runs, met: goalMet(goal, value) };
}

export type ServerName = 'redis' | 'postgres' | 'rabbitmq';

const SERVER_ENV: Record<ServerName, string> = { redis: 'TEST_REDIS_URL', postgres: 'TEST_POSTGRES_URL', rabbitmq: 'TEST_RABBITMQ_URL' };

/**
 * The URLs of the real servers a suite needs, found the way the integration tests find them: the TEST_*_URL
 * variables, else `.servers/env` (written by `scripts/servers.sh ensure`, which `npm run bench` runs first).
 * Missing in CI: throws. Missing elsewhere: says so loudly on stderr and returns undefined (the suite leaves out
 * those rows).
 */
export function servers<N extends ServerName>(suite: string, names: N[]): Record<N, string> | undefined {
  const envFile = path.join(__dirname, '..', '.servers', 'env');
  if (fs.existsSync(envFile)) {
    for (const line of fs.readFileSync(envFile, 'utf8').split('\n')) {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (match && !process.env[match[1]]) process.env[match[1]] = match[2];
    }
  }
  const missing = names.filter((name) => !process.env[SERVER_ENV[name]]);
  if (missing.length === 0) return Object.fromEntries(names.map((name) => [name, process.env[SERVER_ENV[name]] as string])) as Record<N, string>;
  const reason = `bench ${suite}: needs ${missing.map((name) => `${name} (${SERVER_ENV[name]})`).join(', ')}; run 'scripts/servers.sh start' first`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`missing server in CI — ${reason}`);
  process.stderr.write(`\n*** ${reason} — those rows are LEFT OUT ***\n\n`);
  return undefined;
}

/** A Nest logger that prints nothing, for the contexts a suite builds. */
export const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, verbose: () => undefined };

/** Runs `count` calls of `task` with at most `concurrency` in flight; resolves when all have settled. */
export async function withConcurrency(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next;
      next += 1;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/**
 * Prints the suite's table and writes bench/results/<suite>.json. Throws (the suite's process then exits non-zero)
 * when a figure is not a finite number, or when there are no rows at all.
 */
export function report(suite: string, results: BenchResult[]): void {
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${suite}.json`), `${JSON.stringify(results, null, 2)}\n`);
  const rows = results.map((r) => ({
    name: r.name,
    unit: r.unit,
    ours: r.ours,
    baseline: r.baseline ?? '',
    vs: r.baselineName ?? '',
    ratio: r.ratio ?? '',
    goal: r.goal,
    met: r.met ? 'yes' : 'NO',
  }));
  const header = Object.keys(rows[0] ?? { name: '' });
  const widths = header.map((key) => Math.max(key.length, ...rows.map((row) => String(row[key as keyof typeof row]).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  const out = [`\nbench: ${suite}`, line(header), ...rows.map((row) => line(header.map((key) => String(row[key as keyof typeof row]))))];
  process.stdout.write(`${out.join('\n')}\n\n`);
  const broken = results.filter((r) => !Number.isFinite(r.ours) || (r.baseline !== null && !Number.isFinite(r.baseline)) || (r.ratio !== null && !Number.isFinite(r.ratio)));
  if (results.length === 0) throw new Error(`bench ${suite}: no results`);
  if (broken.length > 0) throw new Error(`bench ${suite}: figures that are not finite numbers: ${broken.map((r) => r.name).join(', ')}`);
}

function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : value;
}
