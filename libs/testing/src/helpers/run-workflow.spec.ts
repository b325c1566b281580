import { WorkflowDefinition } from '@acb/workflows';
import { runWorkflow } from './run-workflow';

const orderFulfillment = new WorkflowDefinition({
  workflowId: 'order-fulfillment',
  steps: [
    { stepId: 'validate', action: 'validate_order', params: { order_id: '${order_id}' } },
    { stepId: 'charge', action: 'charge_payment', params: { total: '${steps.validate.output.total}' }, dependsOn: ['validate'] },
    { stepId: 'ship', action: 'ship_order', dependsOn: ['charge'] },
    { stepId: 'notify', action: 'send_notification', dependsOn: ['ship'] },
  ],
});

describe('runWorkflow', () => {
  it('runs a definition with stubbed actions and reports step order and states in one line', async () => {
    const ok = await runWorkflow(orderFulfillment, { validate_order: { total: 5 }, charge_payment: (p: { total: number }) => p.total * 2, ship_order: 'shipped', send_notification: null }, { input: { order_id: 'O-1' } });
    expect(ok.trace).toEqual(['validate:COMPLETED', 'charge:COMPLETED', 'ship:COMPLETED', 'notify:COMPLETED']);
    expect(ok.params).toMatchObject({ validate: { order_id: 'O-1' }, charge: { total: 5 } });
    expect(ok.result.outputs.charge).toBe(10);

    const declined = await runWorkflow(orderFulfillment, {
      validate_order: { total: 5 },
      charge_payment: () => {
        throw new Error('declined');
      },
      ship_order: 'shipped',
      send_notification: null,
    }, { input: { order_id: 'O-2' } });
    expect(declined.trace).toEqual(['validate:COMPLETED', 'charge:FAILED', 'ship:SKIPPED', 'notify:SKIPPED']);
    expect(declined.result.error).toMatchObject({ message: 'declined', stepId: 'charge' });
  });

  it('fails like the application does when an action has no stub', async () => {
    await expect(runWorkflow(orderFulfillment, { validate_order: 1 })).rejects.toThrow(/unknown action "charge_payment"/);
  });
});
