import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithServer } from '../../../test/servers';
import { until } from '../../../test/until';
import { sleep } from './fixtures';
import { isolatedPostgresUrl } from './sql-app';

// NOTE: two child processes compile the sources on start; a loaded CI machine needs more than the default.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../..');
const CHILD = path.join(__dirname, 'crash', 'crash-child.ts');

function child(mode: 'start' | 'recover', env: Record<string, string>): { process: ChildProcess; output: Promise<string> } {
  const proc = spawn(process.execPath, ['-r', path.join(ROOT, 'test/register-ts.js'), CHILD], {
    cwd: ROOT,
    env: { ...process.env, ...env, WF_MODE: mode },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = new Promise<string>((resolve, reject) => {
    proc.on('exit', (code, signal) => (code === 0 || signal === 'SIGKILL' ? resolve(stdout) : reject(new Error(`child ${mode} exited ${code}: ${stderr}`))));
  });
  return { process: proc, output };
}

describeWithServer('postgres', 'basic engine with SQL persistence survives a SIGKILL mid-run (PostgreSQL)', (url) => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-wf-crash-'));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a new process recovers the run to COMPLETED; steps done before the kill ran once, the interrupted one at most twice', async () => {
    const counter = path.join(dir, 'executions.log');
    fs.writeFileSync(counter, '');
    const env = { WF_PG_URL: await isolatedPostgresUrl(url), WF_COUNTER: counter };
    const executions = () => fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean);

    const first = child('start', env);
    // A child that dies early fails the test with its stderr instead of a timeout.
    await Promise.race([
      until(async () => executions(), (lines) => lines.includes('c'), 60_000),
      first.output.then(() => Promise.reject(new Error('the start process exited before step c began'))),
    ]);
    first.process.kill('SIGKILL');
    await first.output;
    expect(executions()).toEqual(['a', 'b', 'c']);

    // The killed process's lease (300 ms) must run out before start-up recovery may take the run.
    await sleep(400);
    const second = child('recover', env);
    const result = JSON.parse((await second.output).trim().split('\n').pop()!) as { state: string; outputs: Record<string, unknown> };
    expect(result.state).toBe('COMPLETED');
    expect(result.outputs).toEqual({ a: { value: 'a' }, b: { value: 'b' }, c: { value: 'c after b' }, d: { value: 'd' } });
    const counts = executions().reduce<Record<string, number>>((acc, step) => ({ ...acc, [step]: (acc[step] ?? 0) + 1 }), {});
    expect(counts).toEqual({ a: 1, b: 1, c: 2, d: 1 });
  });
});
