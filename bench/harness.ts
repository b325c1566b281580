/**
 * The benchmark harness. Timings on a shared 2-core machine are noisy, so every figure is a median over rounds,
 * and every comparison interleaves ours and the baseline in one process (alternating which goes first) and reports
 * the ratio ours / baseline.
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
}

function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : value;
}
