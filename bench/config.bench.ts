/**
 * Config benchmarks (suite `config`):
 * - load + validate of the sample settings (settings/): read the YAML files and secrets, apply overrides, build
 *   and validate the four built-in sections — what `AcbConfigModule.forRoot()` does at start. Median of rounds.
 * - reload of the same settings (what a hot-reload poll does when a file changed), on a live AcbConfig.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { AcbConfig } from '@acb/config';
import { elapsedMs, measure, report, type BenchResult } from './harness';

const SETTINGS_DIR = join(__dirname, '..', 'settings');
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Median wall time of `work` over 31 rounds (3 warm-up rounds), goal 20 ms. */
function timed(name: string, work: () => void): Promise<BenchResult> {
  return measure({ name, unit: 'ms', goal: '<= 20', rounds: 31, warmup: 3, run: () => elapsedMs(async () => work()) });
}

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  results.push(
    await timed('config load + validate', () => {
      const config = new AcbConfig({ settingsDir: SETTINGS_DIR, env: {} }, silent);
      if (config.app.name.length === 0) throw new Error('sample settings lost app.name');
    }),
  );
  const live = new AcbConfig({ settingsDir: SETTINGS_DIR, env: {} }, silent);
  results.push(await timed('config reload (re-read + re-validate)', () => live.reload()));
  report('config', results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
