import * as path from 'node:path';
import { Injectable, Scope } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbEventsModule, EventSubscriber } from '@acb/events';
import {
  AcbWorkflowsModule,
  ActionRegistry,
  BasicWorkflowEngine,
  UnknownWorkflowEngineError,
  WORKFLOW_ENGINE,
  WorkflowAction,
  WorkflowService,
  workflowsOptionsFromSettings,
  type WorkflowActionContext,
  type WorkflowEngine,
} from '../src';
import { MemoryLogger, sleep } from './fixtures';

@Injectable()
class MediaActions {
  readonly calls: string[] = [];

  @WorkflowAction('fetch_data')
  fetch(_params: unknown, ctx: WorkflowActionContext) {
    this.calls.push(ctx.stepId);
    return { items: 3 };
  }

  @WorkflowAction('process_images')
  async images(_params: unknown, ctx: WorkflowActionContext) {
    this.calls.push(ctx.stepId);
    await sleep(5);
    return 'images';
  }

  @WorkflowAction('extract_text')
  async text(_params: unknown, ctx: WorkflowActionContext) {
    this.calls.push(ctx.stepId);
    if (ctx.attempt === 1) throw new Error('OCR flaked');
    return { pages: 12 };
  }

  @WorkflowAction('generate_thumbnails')
  thumbs() {
    this.calls.push('generate_thumbnails');
    return 'thumbs';
  }

  @WorkflowAction('save_results')
  save(params: { pages: number }) {
    this.calls.push('save_results');
    return { saved: params.pages };
  }
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedActions {
  @WorkflowAction('per_request')
  run() {
    return 1;
  }
}

const DEFINITIONS = path.join(__dirname, 'definitions-ok');

describe('AcbWorkflowsModule', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  it('discovers @WorkflowAction methods, loads YAML definitions and runs the seed parallel-processing example with events', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AcbEventsModule.forRoot({ transport: 'local' }), AcbWorkflowsModule.forRoot({ definitionsDir: DEFINITIONS })],
      providers: [MediaActions],
    })
      .setLogger(new MemoryLogger())
      .compile();
    await moduleRef.init();
    const events: string[] = [];
    moduleRef.get(EventSubscriber).on('workflow.**', (payload: { stepId: string | null }, event) => {
      events.push(payload.stepId ? `${event.name}:${payload.stepId}` : event.name);
    });
    const service = moduleRef.get(WorkflowService);
    expect(service.definitions().map((d) => d.workflowId)).toEqual(['parallel-processing']);

    const result = await service.execute('parallel-processing', {});
    expect(result.state).toBe('COMPLETED');
    expect(result.outputs.save_results).toEqual({ saved: 12 });
    expect(result.stepResults.extract_text.attempts).toBe(2);
    const calls = moduleRef.get(MediaActions).calls;
    expect(calls[0]).toBe('fetch_data');
    expect(calls[calls.length - 1]).toBe('save_results');
    await sleep(5);
    expect(events).toEqual(expect.arrayContaining(['workflow.started', 'workflow.step.completed:save_results', 'workflow.completed']));
  });

  it("runs 'service.method' actions through the services locator", async () => {
    const users = {
      created: [] as unknown[],
      createUser(params: { email: string }) {
        this.created.push(params);
        return { id: 1, email: params.email };
      },
    };
    moduleRef = await Test.createTestingModule({
      imports: [AcbWorkflowsModule.forRoot({ services: (name) => (name === 'users' ? users : undefined) })],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(WorkflowService);
    service.register({ workflowId: 'signup', steps: [{ stepId: 'create', action: 'users.createUser', params: { email: '${email}' } }] });
    const result = await service.execute('signup', { email: 'a@b.c' });
    expect(result.outputs.create).toEqual({ id: 1, email: 'a@b.c' });
    expect(users.created).toEqual([{ email: 'a@b.c' }]);
    expect(() => service.register({ workflowId: 'x', steps: [{ stepId: 'a', action: 'users.deleteUser' }] })).toThrow(/unknown action "users.deleteUser"/);
  });

  it('fails at start naming every problem of a YAML definition', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AcbWorkflowsModule.forRoot({ definitionsDir: path.join(__dirname, 'definitions-bad') })],
      providers: [MediaActions],
    }).compile();
    const failing = moduleRef;
    // NOTE: a module whose bootstrap failed has nothing to close (memory store, no timers).
    moduleRef = undefined;
    const error = await failing.init().then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.name).toBe('WorkflowConfigurationError');
    expect(error?.message).toMatch(/unknown action "not_declared"/);
    expect(error?.message).toMatch(/dependency cycle: a -> b -> a/);
    expect(error?.message).toMatch(/definitions-bad/);
  });

  it('keeps two applications apart and skips request-scoped action providers', async () => {
    const logger = new MemoryLogger();
    moduleRef = await Test.createTestingModule({ imports: [AcbWorkflowsModule.forRoot({})], providers: [MediaActions, RequestScopedActions] })
      .setLogger(logger)
      .compile();
    await moduleRef.init();
    const other = await Test.createTestingModule({ imports: [AcbWorkflowsModule.forRoot({})] }).compile();
    await other.init();
    const definition = { workflowId: 'w', steps: [{ stepId: 'a', action: 'fetch_data' }] };
    expect(moduleRef.get(WorkflowService).register(definition).workflowId).toBe('w');
    expect(() => other.get(WorkflowService).register(definition)).toThrow(/unknown action "fetch_data"/);
    expect(() => moduleRef!.get(WorkflowService).register({ workflowId: 'r', steps: [{ stepId: 'a', action: 'per_request' }] })).toThrow(
      /unknown action "per_request"/,
    );
    expect(JSON.stringify(logger.lines)).toContain('RequestScopedActions declares @WorkflowAction methods but is request-scoped');
    await other.close();
  });

  it('builds its options from settings/workflows.yml through forRootAsync (seconds, retry_attempts alias)', async () => {
    const settings = { max_concurrent_steps: 2, default_timeout: 0.05, retry_attempts: 1, engine: 'basic', persistence: 'memory' };
    expect(workflowsOptionsFromSettings(settings)).toEqual({ engine: 'basic', maxConcurrentSteps: 2, defaultTimeoutMs: 50, retry: { maxRetries: 1 }, persistence: 'memory' });
    moduleRef = await Test.createTestingModule({
      imports: [AcbWorkflowsModule.forRootAsync({ useFactory: () => workflowsOptionsFromSettings(settings) })],
    }).compile();
    await moduleRef.init();
    const engine = moduleRef.get<WorkflowEngine>(WORKFLOW_ENGINE);
    let attempts = 0;
    const service = moduleRef.get(WorkflowService);
    expect(service.engine).toBe(engine);
    moduleRef.get(ActionRegistry).register('hang', async (_p, ctx) => {
      attempts++;
      await sleep(1000, ctx.signal);
    });
    service.register({ workflowId: 'slow', steps: [{ stepId: 's', action: 'hang', retry: { backoff: { delayMs: 1, jitter: 0 } } }] });
    const result = await service.execute('slow');
    expect(result.error).toMatchObject({ name: 'StepTimeoutError', message: 'step "s" timed out after 50 ms' });
    expect(attempts).toBe(2);
  });

  it("selects an engine from the module's own engines option, unknown to other applications", async () => {
    class AuditedEngine extends BasicWorkflowEngine {
      override readonly name = 'audited';
    }
    moduleRef = await Test.createTestingModule({ imports: [AcbWorkflowsModule.forRoot({ engine: 'audited', engines: { audited: AuditedEngine } })] }).compile();
    await moduleRef.init();
    expect(moduleRef.get<WorkflowEngine>(WORKFLOW_ENGINE)).toBeInstanceOf(AuditedEngine);
    const other = Test.createTestingModule({ imports: [AcbWorkflowsModule.forRoot({ engine: 'audited' })] }).compile();
    await expect(other).rejects.toThrow(UnknownWorkflowEngineError);
    await expect(other).rejects.toThrow(/Unknown workflow engine "audited". Valid engines: basic, queue/);
  });
});
