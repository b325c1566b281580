import { randomUUID } from 'node:crypto';
import { Queue } from '@acb/queues';
import { NotFoundError } from '@acb/services';
import { WorkflowAction, type WorkflowActionContext, type WorkflowDefinitionInit } from '@acb/workflows';
import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { SAMPLE_TASKS } from '../tasks/sample-tasks';
import { UserRepository } from '../users/user.repository';
import { OrderRepository } from './order.repository';
import { OrdersMessages } from './orders.messages';

export const ORDER_FULFILLMENT_WORKFLOW = 'order-fulfillment';

/** How long each simulated step (payment provider, carrier) takes, so the order page shows the steps move. */
export const FULFILLMENT_STEP_DELAY_MS = 150;

/** The seed's `order-fulfillment`: validate → charge → ship → notify. */
export const orderFulfillmentWorkflow: WorkflowDefinitionInit = {
  workflowId: ORDER_FULFILLMENT_WORKFLOW,
  name: 'Order Fulfillment Workflow',
  steps: [
    { stepId: 'validate', name: 'Validate Order', action: 'validate_order', params: { order_id: '${order_id}' } },
    { stepId: 'charge', name: 'Charge Payment', action: 'charge_payment', params: { order_id: '${order_id}', total_cents: '${steps.validate.output.total_cents}' }, dependsOn: ['validate'], retry: { maxRetries: 3, backoff: { delayMs: 200 } } },
    { stepId: 'ship', name: 'Ship Order', action: 'ship_order', params: { order_id: '${order_id}' }, dependsOn: ['charge'] },
    { stepId: 'notify', name: 'Send Notification', action: 'send_notification', params: { order_id: '${order_id}' }, dependsOn: ['ship'] },
  ],
};

/** The actions of `order-fulfillment` (found by @WorkflowAction). Each is idempotent per order: a retried or recovered step does not charge or ship twice. */
@Injectable()
export class OrderFulfillmentActions {
  constructor(
    private readonly orders: OrderRepository,
    private readonly users: UserRepository,
    private readonly queue: Queue,
  ) {}

  @WorkflowAction('validate_order')
  async validate(params: { order_id: number }): Promise<{ order_id: number; total_cents: number; lines: number }> {
    const order = await this.orders.findById(Number(params.order_id));
    if (!order) throw new NotFoundError('Order', params.order_id);
    return { order_id: order.id, total_cents: order.totalCents, lines: order.items.length };
  }

  @WorkflowAction('charge_payment')
  async charge(params: { order_id: number; total_cents: number }, ctx: WorkflowActionContext): Promise<{ payment_id: string; charged_cents: number }> {
    // The line carries workflowRunId, stepId and attempt (the distributed fault test kills a worker on it, mid-step).
    ctx.logger.log(OrdersMessages.charging, { order_id: params.order_id, total_cents: params.total_cents });
    await sleep(FULFILLMENT_STEP_DELAY_MS, undefined, { signal: ctx.signal });
    const order = await this.existing(params.order_id);
    const paymentId = order.paymentId ?? `pay_${randomUUID().slice(0, 12)}`;
    if (!order.paymentId) await this.orders.update(order.id, { paymentId, status: 'paid' });
    return { payment_id: paymentId, charged_cents: Number(params.total_cents) };
  }

  @WorkflowAction('ship_order')
  async ship(params: { order_id: number }, ctx: WorkflowActionContext): Promise<{ tracking_number: string }> {
    ctx.logger.log(OrdersMessages.shipping, { order_id: params.order_id });
    await sleep(FULFILLMENT_STEP_DELAY_MS, undefined, { signal: ctx.signal });
    const order = await this.existing(params.order_id);
    const trackingNumber = order.trackingNumber ?? `TRK${order.id.toString().padStart(8, '0')}`;
    if (!order.trackingNumber) await this.orders.update(order.id, { trackingNumber, status: 'shipped' });
    return { tracking_number: trackingNumber };
  }

  @WorkflowAction('send_notification')
  async notify(params: { order_id: number }): Promise<{ task_id: string }> {
    const order = await this.existing(params.order_id);
    const user = await this.users.findById(order.userId);
    const task = await this.queue.enqueue(
      SAMPLE_TASKS.sendEmail,
      { recipient: user?.email ?? 'unknown@example.com', subject: `Order ${order.id} is on its way`, body: `Tracking number ${order.trackingNumber ?? ''}` },
      { jobId: `order-${order.id}-notification` },
    );
    await this.orders.update(order.id, { status: 'fulfilled' });
    return { task_id: task.id };
  }

  private async existing(id: number) {
    const order = await this.orders.findById(Number(id));
    if (!order) throw new NotFoundError('Order', id);
    return order;
  }
}
