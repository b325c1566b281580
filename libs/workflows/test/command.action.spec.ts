import { Test } from '@nestjs/testing';
import { AcbWorkflowsModule, BasicWorkflowEngine, CommandFailedError, createCommandAction, WorkflowService, type WorkflowActionContext } from '../src';
import { MemoryLogger } from './fixtures';

const NODE = process.execPath;

function context(signal = new AbortController().signal): WorkflowActionContext {
  return { runId: 'r', workflowId: 'w', stepId: 's', attempt: 1, input: {}, outputs: {}, signal, logger: new MemoryLogger() as never };
}

describe('the built-in command action', () => {
  const command = createCommandAction({ enabled: true, envAllow: ['PATH', 'ALLOWED_VAR'] }, { PATH: process.env.PATH, ALLOWED_VAR: 'yes', SECRET_VAR: 'no' });

  it('runs a program without a shell and captures its output', async () => {
    const output = await command({ argv: [NODE, '-e', 'console.log(process.argv.slice(1).join("|"))', '$HOME', '*', 'a b;c'] }, context());
    expect(output).toMatchObject({ exitCode: 0, stdout: '$HOME|*|a b;c\n', stderr: '' });
    expect(output.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('passes only allowed environment variables plus the step env, in the given cwd', async () => {
    const output = await command(
      { argv: [NODE, '-e', 'console.log(JSON.stringify([process.env.ALLOWED_VAR, process.env.SECRET_VAR, process.env.STEP_VAR, process.cwd()]))'], env: { STEP_VAR: 'step' }, cwd: '/tmp' },
      context(),
    );
    expect(JSON.parse(output.stdout)).toEqual(['yes', null, 'step', '/tmp']);
  });

  it('fails on a non-zero exit with the tail of stderr, on a timeout, on abort, and on a program that does not exist', async () => {
    const failed = command({ argv: [NODE, '-e', 'console.error("lint: 3 problems"); process.exit(3)'] }, context());
    await expect(failed).rejects.toThrow(CommandFailedError);
    await expect(failed).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining('exited with code 3: lint: 3 problems') });
    await expect(command({ argv: [NODE, '-e', 'setTimeout(() => {}, 10000)'], timeoutMs: 100 }, context())).rejects.toThrow(/timed out after 100 ms/);
    const controller = new AbortController();
    const aborted = command({ argv: [NODE, '-e', 'setTimeout(() => {}, 10000)'] }, context(controller.signal));
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    await expect(aborted).rejects.toThrow('run cancelled');
    await expect(command({ argv: ['/nonexistent/program'] }, context())).rejects.toThrow(/cannot start "\/nonexistent\/program"/);
    await expect(command({ argv: [] as string[] }, context())).rejects.toThrow(/argv must be a non-empty array/);
  });

  it('runs as a workflow step: a failing command fails the run and skips what depends on it', async () => {
    const engine = new BasicWorkflowEngine({ actions: { command }, logger: new MemoryLogger() });
    const result = await engine.execute({
      workflowId: 'pipeline',
      steps: [
        { stepId: 'format', action: 'command', params: { argv: [NODE, '-e', 'process.exit(0)'] } },
        { stepId: 'lint', action: 'command', dependsOn: ['format'], params: { argv: [NODE, '-e', 'process.exit(1)'] } },
        { stepId: 'test', action: 'command', dependsOn: ['lint'], params: { argv: [NODE, '-e', 'process.exit(0)'] } },
      ],
    });
    expect(result.state).toBe('FAILED');
    expect(Object.values(result.stepResults).map((step) => step.state)).toEqual(['COMPLETED', 'FAILED', 'SKIPPED']);
  });

  it('does not exist unless enabled', async () => {
    const off = await Test.createTestingModule({ imports: [AcbWorkflowsModule.forRoot({})] }).compile();
    await off.init();
    expect(() => off.get(WorkflowService).register({ workflowId: 'c', steps: [{ stepId: 'a', action: 'command' }] })).toThrow(/unknown action "command"/);
    await off.close();
    const on = await Test.createTestingModule({ imports: [AcbWorkflowsModule.forRoot({ command: { enabled: true } })] }).compile();
    await on.init();
    const service = on.get(WorkflowService);
    service.register({ workflowId: 'c', steps: [{ stepId: 'a', action: 'command', params: { argv: [NODE, '-e', 'process.stdout.write("hi")'] } }] });
    expect((await service.execute('c')).outputs.a).toMatchObject({ stdout: 'hi', exitCode: 0 });
    await on.close();
  });
});
