import { randomUUID } from 'node:crypto';
import { AcbService, NotFoundError, ServiceBase, ServiceValidationError } from '@acb/services';
import { type WorkflowResult, WorkflowService } from '@acb/workflows';
import { Inject } from '@nestjs/common';
import { APP_OPTIONS, type AppOptions } from '../app-options';
import { PRODUCT_TASKS, type OrderTaskPayload } from '../../../worker/src/product/product-task-names';
import type { SessionUser } from '../web/session';
import { Order } from './order.entity';
import { ORDER_FULFILLMENT_WORKFLOW } from './order-fulfillment.workflow';
import { OrderRepository } from './order.repository';
import { PlaceOrderSchema } from './orders.schemas';
import { OrdersMessages } from './orders.messages';

export const ORDER_PLACED = 'order.placed';
/** When the shipping update mail goes out after the order (seconds), unless AppOptions say otherwise. */
export const SHIPPING_UPDATE_DELAY_SECONDS = 60;

export interface OrderPlacedPayload {
  orderId: number;
  userId: number;
  totalCents: number;
}

/** An order with its fulfilment run (undefined while the run is not known to this process's engine yet). */
export interface OrderView {
  order: Order;
  run?: WorkflowResult;
}

/**
 * Orders: validate, store, emit `order.placed`, enqueue process_payment, send_confirmation and a delayed
 * send_shipping_update, and start the `order-fulfillment` workflow (its run id stored on the order first).
 */
@AcbService({ name: 'orders', version: '1.0.0', capabilities: ['orders.place', 'orders.read'] })
export class OrdersService extends ServiceBase {
  constructor(
    private readonly orders: OrderRepository,
    private readonly workflows: WorkflowService,
    @Inject(APP_OPTIONS) private readonly app: AppOptions,
  ) {
    super();
  }

  /** @throws ServiceValidationError with every failing field. */
  async place(user: SessionUser, data: unknown): Promise<Order> {
    const result = await this.validation.validate(data, PlaceOrderSchema, { forbidNonWhitelisted: true });
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    const items = (result.value as PlaceOrderSchema).items.map((item) => ({ sku: item.sku, quantity: item.quantity, unitPriceCents: item.unitPriceCents }));
    const totalCents = items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
    const runId = randomUUID();
    const order = await this.orders.create({ userId: user.id, items, totalCents, status: 'placed', runId, createdAt: new Date().toISOString() });

    this.incrementMetric('orders_placed');
    await this.events.emit(ORDER_PLACED, { orderId: order.id, userId: user.id, totalCents } satisfies OrderPlacedPayload);
    const payload: OrderTaskPayload = { orderId: order.id, recipient: user.email, totalCents };
    await this.queue.enqueue(PRODUCT_TASKS.processPayment, payload, { jobId: `order-${order.id}-payment` });
    await this.queue.enqueue(PRODUCT_TASKS.sendConfirmation, payload, { jobId: `order-${order.id}-confirmation` });
    await this.queue.enqueueIn(this.app.shippingUpdateDelaySeconds ?? SHIPPING_UPDATE_DELAY_SECONDS, PRODUCT_TASKS.sendShippingUpdate, payload, { jobId: `order-${order.id}-shipping` });

    const started = await this.workflows.start(ORDER_FULFILLMENT_WORKFLOW, { order_id: order.id }, { runId, idempotencyKey: `order-${order.id}` });
    started.result.then(
      (run) => {
        this.incrementMetric(run.state === 'COMPLETED' ? 'orders_fulfilled' : 'orders_failed');
        return run.state === 'FAILED' ? this.orders.update(order.id, { status: 'failed' }) : undefined;
      },
      () => undefined,
    ).catch((error: unknown) => this.logger.error(OrdersMessages.failedRunNotRecorded(order.id), error));
    return order;
  }

  /** The user's order with its workflow run. @throws NotFoundError (also for another user's order) */
  async get(user: SessionUser, id: number): Promise<OrderView> {
    const order = Number.isSafeInteger(id) && id > 0 ? await this.orders.findById(id) : null;
    if (!order || order.userId !== user.id) throw new NotFoundError('Order', id);
    const run = order.runId ? await this.workflows.getRun(order.runId) : undefined;
    return { order, run };
  }

  /** The user's latest orders. */
  async list(user: SessionUser): Promise<Order[]> {
    return (await this.orders.find({ userId: user.id }, { page: 1, limit: 50, order: { id: 'DESC' } })).items;
  }
}
