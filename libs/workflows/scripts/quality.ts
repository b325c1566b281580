/**
 * `npm run quality`: this repository's quality pipeline as a real workflow on the basic engine and the built-in
 * `command` action (the seed's Crackerjack example): format check -> lint + typecheck in parallel -> test -> coverage.
 *
 *   npm run quality                      # the whole pipeline (starts the test servers like `npm test`)
 *   npm run quality -- --only format,lint,typecheck
 *
 * Prints one line per step and exits 1 when the run failed.
 */
import * as path from 'node:path';
import { BasicWorkflowEngine, createCommandAction, WorkflowDefinition, type WorkflowStepInit } from '../src';

const ROOT = path.resolve(__dirname, '../../..');
const NPX = 'npx';
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

const STEPS: WorkflowStepInit[] = [
  // NOTE: no formatter is configured in this repository: the format check is git's whitespace check (trailing
  // whitespace, space-before-tab, conflict markers) over every tracked file; a blank line at end of file is tolerated.
  { stepId: 'format', action: 'command', params: { argv: ['git', '-c', 'core.whitespace=-blank-at-eof', 'diff', '--check', EMPTY_TREE] } },
  { stepId: 'lint', action: 'command', dependsOn: ['format'], params: { argv: [NPX, 'eslint', '.'] } },
  { stepId: 'typecheck', action: 'command', dependsOn: ['format'], params: { argv: [NPX, 'tsc', '-p', 'tsconfig.json', '--noEmit'] } },
  { stepId: 'servers', action: 'command', params: { argv: ['bash', 'scripts/servers.sh', 'ensure'] } },
  {
    stepId: 'test',
    action: 'command',
    dependsOn: ['lint', 'typecheck', 'servers'],
    params: {
      argv: [NPX, 'jest', '--selectProjects', 'unit', 'integration', '--coverage', '--coverageReporters=json-summary', '--coverageReporters=text-summary'],
    },
  },
  {
    stepId: 'coverage',
    action: 'command',
    dependsOn: ['test'],
    params: {
      argv: [
        process.execPath,
        '-e',
        'const t = require("./coverage/coverage-summary.json").total; ' +
          'for (const k of ["lines", "statements", "functions", "branches"]) console.log(`${k}: ${t[k].pct}%`);',
      ],
    },
  },
];

async function main(): Promise<void> {
  const onlyIndex = process.argv.indexOf('--only');
  const only = onlyIndex >= 0 ? new Set(process.argv[onlyIndex + 1].split(',')) : undefined;
  const steps = STEPS.filter((step) => !only || only.has(step.stepId)).map((step) => ({
    ...step,
    dependsOn: (step.dependsOn ?? []).filter((dep) => !only || only.has(dep)),
    params: { ...step.params, cwd: ROOT, timeoutMs: 30 * 60_000 },
  }));
  const engine = new BasicWorkflowEngine({
    // NOTE: the test servers' URLs and CI flags reach jest; nothing else of this environment does.
    actions: { command: createCommandAction({ enabled: true, envAllow: ['PATH', 'HOME', 'CI', 'TEST_REDIS_URL', 'TEST_POSTGRES_URL', 'TEST_RABBITMQ_URL', 'TMPDIR'] }) },
    defaultTimeoutMs: 30 * 60_000,
    events: {
      emit(name, payload) {
        if (name === 'workflow.step.started') process.stdout.write(`▶ ${payload.stepId}\n`);
      },
    },
  });
  const started = Date.now();
  const result = await engine.execute(new WorkflowDefinition({ workflowId: 'quality-check', name: 'Quality pipeline', steps }));
  for (const step of Object.values(result.stepResults)) {
    const seconds = step.startedAt && step.finishedAt ? ((step.finishedAt.getTime() - step.startedAt.getTime()) / 1000).toFixed(1) : '-';
    process.stdout.write(`${step.state.padEnd(9)} ${step.stepId.padEnd(10)} ${seconds.padStart(6)} s\n`);
  }
  const coverage = result.outputs.coverage as { stdout?: string } | undefined;
  if (coverage?.stdout) process.stdout.write(coverage.stdout);
  if (result.state !== 'COMPLETED') {
    process.stdout.write(`\n${result.error?.stepId ?? 'run'} failed: ${result.error?.message}\n`);
  }
  process.stdout.write(`quality-check ${result.state} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.exit(result.state === 'COMPLETED' ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
