import { AcbContext } from '@acb/logger';
import {
  BasicWorkflowEngine,
  importWorkflowEngine,
  listWorkflowEngines,
  registerWorkflowEngine,
  StepState,
  UnknownWorkflowEngineError,
  WorkflowConfigurationError,
  WorkflowDefinition,
  WorkflowState,
  WorkflowStep,
  WorkflowValidationError,
  type WorkflowActionFn,
} from '../src';
import { MemoryLogger, RecordingSink, sleep, Timeline } from './fixtures';

const quiet = () => new MemoryLogger();

describe('BasicWorkflowEngine', () => {
  it('runs the seed order-fulfillment workflow with ${order_id} interpolated and steps in dependency order', async () => {
    const seen: Array<[string, unknown]> = [];
    const action = (name: string): WorkflowActionFn => (params) => {
      seen.push([name, params]);
      return { done: name };
    };
    const workflow = new WorkflowDefinition({
      workflowId: 'order-fulfillment',
      name: 'Order Fulfillment Workflow',
      steps: [
        new WorkflowStep({ stepId: 'validate', name: 'Validate Order', action: 'validate_order', params: { order_id: '${order_id}' } }),
        new WorkflowStep({ stepId: 'charge', action: 'charge_payment', params: { order_id: '${order_id}' }, dependsOn: ['validate'] }),
        new WorkflowStep({ stepId: 'ship', action: 'ship_order', params: { order_id: '${order_id}' }, dependsOn: ['charge'] }),
        new WorkflowStep({ stepId: 'notify', action: 'send_notification', params: { order_id: '${order_id}' }, dependsOn: ['ship'] }),
      ],
    });
    const Engine = importWorkflowEngine('basic');
    const engine = new Engine({
      maxConcurrentSteps: 5,
      logger: quiet(),
      actions: {
        validate_order: action('validate_order'),
        charge_payment: action('charge_payment'),
        ship_order: action('ship_order'),
        send_notification: action('send_notification'),
      },
    });
    const result = await engine.execute(workflow, { input: { order_id: 'ORDER-123' } });
    expect(result.state).toBe(WorkflowState.COMPLETED);
    expect(seen).toEqual([
      ['validate_order', { order_id: 'ORDER-123' }],
      ['charge_payment', { order_id: 'ORDER-123' }],
      ['ship_order', { order_id: 'ORDER-123' }],
      ['send_notification', { order_id: 'ORDER-123' }],
    ]);
    expect(Object.values(result.stepResults).map((step) => step.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(result.outputs.ship).toEqual({ done: 'ship_order' });
    expect(result.runId).toEqual(expect.any(String));
    expect(result.finishedAt!.getTime()).toBeGreaterThanOrEqual(result.startedAt.getTime());
    expect(result.error).toBeUndefined();
  });

  it('runs the seed parallel-processing workflow: the three branches overlap, save_results waits for all of them', async () => {
    const timeline = new Timeline();
    const workflow = new WorkflowDefinition({
      workflowId: 'parallel-processing',
      name: 'Parallel Data Processing',
      steps: [
        new WorkflowStep({ stepId: 'fetch_data', name: 'Fetch Data', action: 'fetch_data' }),
        new WorkflowStep({ stepId: 'process_images', name: 'Process Images', action: 'process_images', dependsOn: ['fetch_data'] }),
        new WorkflowStep({ stepId: 'extract_text', name: 'Extract Text', action: 'extract_text', dependsOn: ['fetch_data'] }),
        new WorkflowStep({ stepId: 'generate_thumbnails', name: 'Generate Thumbnails', action: 'generate_thumbnails', dependsOn: ['fetch_data'] }),
        new WorkflowStep({
          stepId: 'save_results',
          name: 'Save Results',
          action: 'save_results',
          dependsOn: ['process_images', 'extract_text', 'generate_thumbnails'],
        }),
      ],
    });
    const work = timeline.action(20);
    const engine = new (importWorkflowEngine('basic'))({
      maxConcurrentSteps: 5,
      logger: quiet(),
      actions: { fetch_data: work, process_images: work, extract_text: work, generate_thumbnails: work, save_results: work },
    });
    const result = await engine.execute(workflow);
    expect(result.state).toBe('COMPLETED');
    expect(timeline.maxRunning).toBe(3);
    const branches = ['process_images', 'extract_text', 'generate_thumbnails'];
    // every branch started before any branch ended: they ran at the same time
    const firstEnd = Math.min(...branches.map((id) => timeline.indexOf(`end:${id}`)));
    for (const id of branches) expect(timeline.indexOf(`start:${id}`)).toBeLessThan(firstEnd);
    expect(timeline.entries.slice(0, 2)).toEqual(['start:fetch_data', 'end:fetch_data']);
    expect(timeline.entries.slice(-2)).toEqual(['start:save_results', 'end:save_results']);
  });

  it('accepts plain objects for the definition and its steps', async () => {
    const engine = new BasicWorkflowEngine({ actions: { noop: () => 1 }, logger: quiet() });
    const result = await engine.execute({ workflowId: 'plain', steps: [{ stepId: 'a', action: 'noop' }, { stepId: 'b', action: 'noop', dependsOn: ['a'] }] });
    expect(result.state).toBe('COMPLETED');
    expect(result.outputs).toEqual({ a: 1, b: 1 });
  });

  it('lists every problem of an invalid definition before running anything', async () => {
    const ran = jest.fn();
    const engine = new BasicWorkflowEngine({ actions: { known: ran }, logger: quiet() });
    const definition = {
      workflowId: 'broken',
      steps: [
        { stepId: 'a', action: 'known', dependsOn: ['c'] },
        { stepId: 'b', action: 'known', dependsOn: ['a'] },
        { stepId: 'c', action: 'known', dependsOn: ['b'] },
        { stepId: 'a', action: 'known' },
        { stepId: 'd', action: 'nope', dependsOn: ['ghost'] },
        { stepId: 'e', action: 'known', params: { x: '${steps.f.output.total}' } },
        { stepId: 'f', action: 'known' },
      ],
    };
    let error: WorkflowValidationError | undefined;
    try {
      await engine.execute(definition);
    } catch (caught) {
      error = caught as WorkflowValidationError;
    }
    expect(error).toBeInstanceOf(WorkflowValidationError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        'step id "a" is used more than once',
        'step "d" depends on unknown step "ghost"',
        expect.stringMatching(/^step "d" uses unknown action "nope" \(known: known;/),
        'dependency cycle: a -> b -> c -> a',
        'step "e" references ${steps.f.output.total} but "f" is not one of its dependencies (direct or transitive)',
      ]),
    );
    expect(error!.problems).toHaveLength(5);
    expect(error!.message).toContain('Workflow "broken" is invalid (5 problems)');
    expect(ran).not.toHaveBeenCalled();
  });

  it('allows references to transitive dependencies and keeps the type of a whole-string reference', async () => {
    const engine = new BasicWorkflowEngine({
      logger: quiet(),
      actions: {
        validate: () => ({ total: 42, items: ['a', 'b'] }),
        pass: (params) => params,
      },
    });
    const result = await engine.execute(
      {
        workflowId: 'refs',
        steps: [
          { stepId: 'validate', action: 'validate' },
          { stepId: 'middle', action: 'pass', dependsOn: ['validate'] },
          {
            stepId: 'use',
            action: 'pass',
            dependsOn: ['middle'],
            params: {
              total: '${steps.validate.output.total}',
              items: '${steps.validate.output.items}',
              label: 'order ${order.id} costs ${steps.validate.output.total}',
              nested: ['${order.id}', { flag: '${flag}' }],
            },
          },
        ],
      },
      { input: { order: { id: 7 }, flag: false } },
    );
    expect(result.outputs.use).toEqual({ total: 42, items: ['a', 'b'], label: 'order 7 costs 42', nested: [7, { flag: false }] });
  });

  it('fails the step (without retrying) naming a missing reference', async () => {
    const calls = jest.fn();
    const engine = new BasicWorkflowEngine({ logger: quiet(), retry: { maxRetries: 3 }, actions: { a: calls } });
    const result = await engine.execute({ workflowId: 'missing', steps: [{ stepId: 'x', action: 'a', params: { id: '${order_id}' } }] }, { input: {} });
    expect(result.state).toBe('FAILED');
    expect(result.error).toEqual({ name: 'MissingReferenceError', message: expect.stringContaining('${order_id}'), stepId: 'x' });
    expect(calls).not.toHaveBeenCalled();
  });

  it('starts a step as soon as its own dependencies completed, not in waves', async () => {
    const timeline = new Timeline();
    const engine = new BasicWorkflowEngine({ logger: quiet(), actions: { fast: timeline.action(5), slow: timeline.action(250) } });
    // a(fast) -> c(fast); b(slow) is independent. Waves would start c only after b ends.
    const result = await engine.execute({
      workflowId: 'not-waves',
      steps: [
        { stepId: 'a', action: 'fast' },
        { stepId: 'b', action: 'slow' },
        { stepId: 'c', action: 'fast', dependsOn: ['a'] },
      ],
    });
    expect(result.state).toBe('COMPLETED');
    expect(timeline.indexOf('end:c')).toBeLessThan(timeline.indexOf('end:b'));
  });

  it('runs independent branches in parallel, never more than maxConcurrentSteps at once', async () => {
    const timeline = new Timeline();
    const steps = Array.from({ length: 8 }, (_, i) => ({ stepId: `s${i}`, action: 'work' }));
    const bounded = new BasicWorkflowEngine({ logger: quiet(), maxConcurrentSteps: 3, actions: { work: timeline.action(15) } });
    await bounded.execute({ workflowId: 'fan', steps });
    // overlap (more than one at once) and the bound (never more than 3)
    expect(timeline.maxRunning).toBe(3);

    const perDefinition = new Timeline();
    const engine = new BasicWorkflowEngine({ logger: quiet(), maxConcurrentSteps: 10, actions: { work: perDefinition.action(5) } });
    await engine.execute({ workflowId: 'fan2', maxConcurrentSteps: 2, steps });
    expect(perDefinition.maxRunning).toBe(2);
  });

  it('fails the run when a step fails after its retries: running steps aborted, dependents skipped, nothing new starts', async () => {
    const aborted = jest.fn();
    const sink = new RecordingSink();
    let attempts = 0;
    const engine = new BasicWorkflowEngine({
      logger: quiet(),
      events: sink,
      maxConcurrentSteps: 2,
      actions: {
        boom: async () => {
          attempts++;
          await sleep(5);
          throw new TypeError('card declined');
        },
        long: async (_params, context) => {
          context.signal.addEventListener('abort', () => aborted(context.signal.reason));
          await sleep(1000, context.signal);
        },
        never: jest.fn(),
      },
    });
    const result = await engine.execute({
      workflowId: 'failing',
      steps: [
        { stepId: 'charge', action: 'boom', retry: { maxRetries: 2, backoff: { type: 'fixed', delayMs: 1, jitter: 0 } } },
        { stepId: 'long', action: 'long' },
        { stepId: 'independent', action: 'never' },
        { stepId: 'ship', action: 'never', dependsOn: ['charge'] },
      ],
    });
    expect(attempts).toBe(3);
    expect(result.state).toBe('FAILED');
    expect(result.error).toEqual({ name: 'TypeError', message: 'card declined', stepId: 'charge' });
    expect(result.stepResults.charge).toMatchObject({ state: 'FAILED', attempts: 3, error: { name: 'TypeError', message: 'card declined' } });
    expect(result.stepResults.long.state).toBe(StepState.CANCELLED);
    expect(result.stepResults.ship.state).toBe('SKIPPED');
    expect(result.stepResults.independent.state).toBe('SKIPPED');
    expect(aborted).toHaveBeenCalledTimes(1);
    expect(sink.names()).toEqual(expect.arrayContaining(['workflow.step.failed:charge', 'workflow.step.skipped:ship', 'workflow.failed']));
    expect(sink.names()).not.toContain('workflow.step.started:ship');
  });

  it('lets an optional step fail without failing the run; its dependents are skipped', async () => {
    const engine = new BasicWorkflowEngine({
      logger: quiet(),
      actions: { ok: () => 'ok', bad: () => Promise.reject(new Error('no thumbnails')) },
    });
    const result = await engine.execute({
      workflowId: 'optional',
      steps: [
        { stepId: 'a', action: 'ok' },
        { stepId: 'thumbs', action: 'bad', optional: true, dependsOn: ['a'] },
        { stepId: 'after-thumbs', action: 'ok', dependsOn: ['thumbs'] },
        { stepId: 'b', action: 'ok', dependsOn: ['a'] },
      ],
    });
    expect(result.state).toBe('COMPLETED');
    expect(result.stepResults.thumbs.state).toBe('FAILED');
    expect(result.stepResults['after-thumbs'].state).toBe('SKIPPED');
    expect(result.stepResults.b.state).toBe('COMPLETED');
  });

  it('skips a step whose condition is false, and its dependents', async () => {
    const ran: string[] = [];
    const engine = new BasicWorkflowEngine({
      logger: quiet(),
      actions: { check: () => ({ needsShipping: false, gift: true }), run: (_p, ctx) => ran.push(ctx.stepId) },
    });
    const result = await engine.execute({
      workflowId: 'conditions',
      steps: [
        { stepId: 'check', action: 'check' },
        { stepId: 'ship', action: 'run', dependsOn: ['check'], condition: '${steps.check.output.needsShipping}' },
        { stepId: 'track', action: 'run', dependsOn: ['ship'] },
        { stepId: 'wrap', action: 'run', dependsOn: ['check'], condition: '${steps.check.output.gift}' },
        { stepId: 'never', action: 'run', condition: ({ input }) => input.enabled === true },
      ],
    });
    expect(result.state).toBe('COMPLETED');
    expect(ran).toEqual(['wrap']);
    expect(result.stepResults.ship.state).toBe('SKIPPED');
    expect(result.stepResults.track.state).toBe('SKIPPED');
    expect(result.stepResults.never.state).toBe('SKIPPED');
  });

  it('times out a step attempt (its signal aborted) and a whole run', async () => {
    let signal: AbortSignal | undefined;
    const engine = new BasicWorkflowEngine({
      logger: quiet(),
      actions: {
        hang: (_p, ctx) => {
          signal = ctx.signal;
          return new Promise(() => undefined);
        },
        slow: (_p, ctx) => sleep(200, ctx.signal),
      },
    });
    const stepTimeout = await engine.execute({ workflowId: 't1', steps: [{ stepId: 'h', action: 'hang', timeoutMs: 20 }] });
    expect(stepTimeout.state).toBe('FAILED');
    expect(stepTimeout.error).toMatchObject({ name: 'StepTimeoutError', stepId: 'h', message: 'step "h" timed out after 20 ms' });
    expect(signal!.aborted).toBe(true);

    const runTimeout = await engine.execute({ workflowId: 't2', timeoutMs: 30, steps: [{ stepId: 's', action: 'slow' }] });
    expect(runTimeout.state).toBe('FAILED');
    expect(runTimeout.error).toMatchObject({ name: 'WorkflowTimeoutError', message: 'workflow "t2" timed out after 30 ms' });
    expect(runTimeout.stepResults.s.state).toBe('CANCELLED');
  });

  it('cancels a run: running steps aborted, pending ones skipped, state CANCELLED', async () => {
    const sink = new RecordingSink();
    const engine = new BasicWorkflowEngine({ logger: quiet(), events: sink, actions: { slow: (_p, ctx) => sleep(500, ctx.signal), next: jest.fn() } });
    const { runId, result } = await engine.start({ workflowId: 'c', steps: [{ stepId: 'a', action: 'slow' }, { stepId: 'b', action: 'next', dependsOn: ['a'] }] });
    await sleep(10);
    const cancelled = await engine.cancel(runId);
    expect(cancelled.state).toBe('CANCELLED');
    expect((await result).stepResults).toMatchObject({ a: { state: 'CANCELLED' }, b: { state: 'SKIPPED' } });
    expect(sink.names()).toContain('workflow.cancelled');
  });

  it('pauses (no new step starts) and resumes', async () => {
    const timeline = new Timeline();
    const engine = new BasicWorkflowEngine({ logger: quiet(), actions: { w: timeline.action(20) } });
    const { runId, result } = await engine.start({ workflowId: 'p', steps: [{ stepId: 'a', action: 'w' }, { stepId: 'b', action: 'w', dependsOn: ['a'] }] });
    await engine.pause(runId);
    expect((await engine.getRun(runId))!.state).toBe('PAUSED');
    await sleep(60);
    expect(timeline.entries).toEqual(['start:a', 'end:a']);
    expect((await engine.getRun(runId))!.stepResults.b.state).toBe('PENDING');
    await engine.resume(runId);
    expect((await result).state).toBe('COMPLETED');
    expect(timeline.entries).toEqual(['start:a', 'end:a', 'start:b', 'end:b']);
  });

  it('emits workflow events carrying run id, workflow id and step id', async () => {
    const sink = new RecordingSink();
    const engine = new BasicWorkflowEngine({ logger: quiet(), events: sink, actions: { a: () => 1 } });
    const result = await engine.execute({ workflowId: 'ev', steps: [{ stepId: 'x', action: 'a' }, { stepId: 'y', action: 'a', dependsOn: ['x'], condition: false }] });
    expect(sink.names()).toEqual([
      'workflow.started',
      'workflow.step.started:x',
      'workflow.step.completed:x',
      'workflow.step.skipped:y',
      'workflow.completed',
    ]);
    for (const { payload } of sink.events) expect(payload).toMatchObject({ runId: result.runId, workflowId: 'ev' });
    expect(sink.events[1].payload).toMatchObject({ stepId: 'x', attempt: 1 });
  });

  it('gives actions a context: ids, attempt, earlier outputs, a signal and a logger whose lines carry the ids', async () => {
    const logger = new MemoryLogger();
    let seen: Record<string, unknown> = {};
    const engine = new BasicWorkflowEngine({
      logger,
      actions: {
        first: () => ({ n: 1 }),
        second: (_p, ctx) => {
          ctx.logger.log('charging', { amount: 3 });
          seen = { runId: ctx.runId, stepId: ctx.stepId, attempt: ctx.attempt, outputs: { ...ctx.outputs }, signal: ctx.signal instanceof AbortSignal };
        },
      },
    });
    const result = await engine.execute({ workflowId: 'ctx', steps: [{ stepId: 'a', action: 'first' }, { stepId: 'b', action: 'second', dependsOn: ['a'] }] });
    expect(seen).toEqual({ runId: result.runId, stepId: 'b', attempt: 1, outputs: { a: { n: 1 } }, signal: true });
    expect(logger.lines).toContainEqual({ msg: 'charging', amount: 3, workflowRunId: result.runId, workflowId: 'ctx', stepId: 'b', attempt: 1 });
  });

  it('runs actions inside an AcbContext carrying the run and step ids (every log line of the step carries them)', async () => {
    const seen: unknown[] = [];
    const engine = new BasicWorkflowEngine({
      logger: quiet(),
      actions: {
        sync: () => seen.push(AcbContext.current()),
        later: async () => {
          await sleep(1);
          seen.push(AcbContext.current());
        },
      },
    });
    const result = await AcbContext.run({ requestId: 'req-1' }, () =>
      engine.execute({ workflowId: 'ctx-als', steps: [{ stepId: 'a', action: 'sync' }, { stepId: 'b', action: 'later', dependsOn: ['a'] }] }),
    );
    expect(seen).toEqual([
      expect.objectContaining({ requestId: 'req-1', workflowRunId: result.runId, stepId: 'a' }),
      expect.objectContaining({ requestId: 'req-1', workflowRunId: result.runId, stepId: 'b' }),
    ]);
  });

  it('returns the same run for a second start with the same idempotency key', async () => {
    const calls = jest.fn();
    const engine = new BasicWorkflowEngine({ logger: quiet(), actions: { a: calls } });
    const definition = { workflowId: 'idem', steps: [{ stepId: 'x', action: 'a' }] };
    const first = await engine.start(definition, { idempotencyKey: 'order-1' });
    const second = await engine.start(definition, { idempotencyKey: 'order-1' });
    expect(second.runId).toBe(first.runId);
    expect(second.created).toBe(false);
    await Promise.all([first.result, second.result]);
    expect(calls).toHaveBeenCalledTimes(1);
    const third = await engine.start(definition, { idempotencyKey: 'order-2' });
    expect(third.runId).not.toBe(first.runId);
    await third.result;
  });

  it('retries a failed run from its failed steps, reusing completed outputs', async () => {
    const counts: Record<string, number> = {};
    let fail = true;
    const count = (id: string) => (counts[id] = (counts[id] ?? 0) + 1);
    const engine = new BasicWorkflowEngine({
      logger: quiet(),
      actions: {
        ok: (_p, ctx) => {
          count(ctx.stepId);
          return ctx.stepId;
        },
        flaky: (params, ctx) => {
          count(ctx.stepId);
          if (fail) throw new Error('down');
          return params;
        },
      },
    });
    const failed = await engine.execute({
      workflowId: 'retry',
      steps: [
        { stepId: 'a', action: 'ok' },
        { stepId: 'b', action: 'flaky', dependsOn: ['a'], params: { from: '${steps.a.output}' } },
        { stepId: 'c', action: 'ok', dependsOn: ['b'] },
      ],
    });
    expect(failed.state).toBe('FAILED');
    fail = false;
    const { result } = await engine.retry(failed.runId);
    const done = await result;
    expect(done.runId).toBe(failed.runId);
    expect(done.state).toBe('COMPLETED');
    expect(done.outputs).toEqual({ a: 'a', b: { from: 'a' }, c: 'c' });
    expect(counts).toEqual({ a: 1, b: 2, c: 1 });
    expect((await engine.listRuns({ workflowId: 'retry', state: 'COMPLETED' })).map((run) => run.runId)).toEqual([failed.runId]);
    await expect(engine.retry(failed.runId)).rejects.toThrow(/Cannot retry run .*: it is COMPLETED/);
  });
});

describe('workflow engine registry', () => {
  class CustomEngine extends BasicWorkflowEngine {
    override readonly name = 'custom';
  }

  it('imports built-in and registered engines by name and lists them', () => {
    expect(importWorkflowEngine('basic')).toBe(BasicWorkflowEngine);
    registerWorkflowEngine('custom-spec', CustomEngine);
    registerWorkflowEngine('custom-spec', CustomEngine);
    expect(importWorkflowEngine('custom-spec')).toBe(CustomEngine);
    expect(listWorkflowEngines()).toEqual(expect.arrayContaining(['basic', 'custom-spec']));
    expect(() => registerWorkflowEngine('basic', CustomEngine)).toThrow(WorkflowConfigurationError);
    expect(() => importWorkflowEngine('nope')).toThrow(UnknownWorkflowEngineError);
    expect(() => importWorkflowEngine('nope')).toThrow(/Valid engines: basic/);
  });
});
