import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { EventSubscriber } from '@acb/events';
import { AcbService, ServiceBase } from '@acb/services';
import { WorkflowAction, WorkflowService, type WorkflowActionContext } from '@acb/workflows';
import { AcbModule } from '../src';

// AcbModule composes workflows from settings/workflows.yml and settings/workflows/*.yml, with 'service.method' actions
// resolved through the services registry and workflow.* events on the event bus.

jest.setTimeout(30_000);

@AcbService({ name: 'billing' })
@Injectable()
class BillingService extends ServiceBase {
  async total(params: { order_id: string }): Promise<{ total: number; order: string }> {
    return { total: 42, order: params.order_id };
  }
}

@Injectable()
class ShippingActions {
  @WorkflowAction('ship_order')
  ship(params: { total: number }, ctx: WorkflowActionContext) {
    return { shipped: true, total: params.total, run: ctx.runId };
  }

  @WorkflowAction('flaky_once')
  flaky(_params: unknown, ctx: WorkflowActionContext) {
    if (ctx.attempt === 1) throw new Error('carrier busy');
    return ctx.attempt;
  }
}

@Module({ providers: [BillingService, ShippingActions] })
class ShopModule {}

describe('AcbModule composes workflows', () => {
  let dir: string;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-core-wf-'));
    fs.writeFileSync(path.join(dir, 'workflows.yml'), 'workflows:\n  max_concurrent_steps: 2\n  default_timeout: 5\n  retry_attempts: 1\n');
    fs.mkdirSync(path.join(dir, 'workflows'));
    fs.writeFileSync(
      path.join(dir, 'workflows', 'order.yml'),
      [
        'workflow_id: order-fulfillment',
        'steps:',
        '  - step_id: total',
        '    action: billing.total',
        '    params: { order_id: "${order_id}" }',
        '  - step_id: ship',
        '    action: ship_order',
        '    depends_on: [total]',
        '    params: { total: "${steps.total.output.total}" }',
        '',
      ].join('\n'),
    );
    moduleRef = await Test.createTestingModule({
      imports: [
        AcbModule.forRoot({ settingsDir: dir, env: {}, logger: { level: 'fatal' }, values: { app: { name: 'core-workflows' }, sql: { database: ':memory:' } } }),
        ShopModule,
      ],
    }).compile();
    await moduleRef.init();
  });

  afterAll(async () => {
    await moduleRef.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers the YAML definitions of settings/workflows/ and runs them with service and decorated actions', async () => {
    const events: string[] = [];
    moduleRef.get(EventSubscriber).on('workflow.*', (_payload, event) => {
      events.push(event.name);
    });
    const service = moduleRef.get(WorkflowService);
    expect(service.definitions().map((definition) => definition.workflowId)).toEqual(['order-fulfillment']);
    const result = await service.execute('order-fulfillment', { order_id: 'O-9' });
    expect(result.state).toBe('COMPLETED');
    expect(result.outputs).toEqual({ total: { total: 42, order: 'O-9' }, ship: { shipped: true, total: 42, run: result.runId } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(expect.arrayContaining(['workflow.started', 'workflow.completed']));
  });

  it('applies settings/workflows.yml: retry_attempts is read as max_retries', async () => {
    const service = moduleRef.get(WorkflowService);
    service.register({ workflowId: 'flaky', steps: [{ stepId: 'a', action: 'flaky_once', retry: { backoff: { delayMs: 1, jitter: 0 } } }] });
    const result = await service.execute('flaky');
    expect(result.state).toBe('COMPLETED');
    expect(result.stepResults.a.attempts).toBe(2);
  });
});
