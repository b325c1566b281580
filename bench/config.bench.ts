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
const ROUNDS = 31;
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('config benchmarks', () => {
  it('measures load + validate and reload of the sample settings', async () => {
    const results: BenchResult[] = [];
    results.push(
      await measure({
        name: 'config load + validate',
        unit: 'ms',
        goal: '<= 20',
        rounds: ROUNDS,
        warmup: 3,
        run: () =>
          elapsedMs(async () => {
            const config = new AcbConfig({ settingsDir: SETTINGS_DIR, env: {} }, silent);
            if (config.app.name.length === 0) throw new Error('sample settings lost app.name');
          }),
      }),
    );
    const live = new AcbConfig({ settingsDir: SETTINGS_DIR, env: {} }, silent);
    results.push(
      await measure({
        name: 'config reload (re-read + re-validate)',
        unit: 'ms',
        goal: '<= 20',
        rounds: ROUNDS,
        warmup: 3,
        run: () =>
          elapsedMs(async () => {
            live.reload();
          }),
      }),
    );
    report('config', results);
    for (const result of results) {
      expect(Number.isFinite(result.ours)).toBe(true);
      expect(result.ours).toBeGreaterThan(0);
    }
  });
});
