import { ServiceValidationError } from '@acb/services';
import { WorkflowService } from '@acb/workflows';
import { Body, Controller, Get, HttpStatus, Param, ParseIntPipe, Post, Render, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { runView } from '../operations/workflow-dag';
import { PageAuthGuard } from '../web/auth.guards';
import { fieldMessages, page } from '../web/page';
import { WebExceptionFilter } from '../web/web-exception.filter';
import type { WebRequest, WebResponse } from '../web/web-request';
import { OrdersService } from './orders.service';
import { OrdersMessages } from './orders.messages';

/** Catalogue of the sample shop (the order form offers these). */
export const CATALOGUE = [
  { sku: 'BOOK-ACB', title: 'The ACB handbook', unitPriceCents: 2900 },
  { sku: 'MUG-NEST', title: 'NestJS mug', unitPriceCents: 1250 },
  { sku: 'STICKER-3', title: 'Sticker pack', unitPriceCents: 300 },
];

/** Order pages: the list, the form, an order with its workflow steps updating live (htmx polling). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(PageAuthGuard)
@Controller('orders')
export class OrdersPagesController {
  constructor(
    private readonly orders: OrdersService,
    private readonly workflows: WorkflowService,
  ) {}

  @Get()
  @Render('orders')
  async list(@Req() req: WebRequest): Promise<Record<string, unknown>> {
    return page(req, 'Orders', { orders: await this.orders.list(req.acbSession!.user!) });
  }

  @Get('new')
  @Render('order-new')
  newOrder(@Req() req: WebRequest): Record<string, unknown> {
    return page(req, 'Place an order', { catalogue: CATALOGUE });
  }

  /** The form posts `quantity_<SKU>` per catalogue line; lines with quantity 0 are left out. */
  @Post()
  async place(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    const items = CATALOGUE.map((entry) => ({ sku: entry.sku, quantity: Number(body?.[`quantity_${entry.sku}`] ?? 0), unitPriceCents: entry.unitPriceCents })).filter((item) => item.quantity !== 0);
    const unknown = Object.keys(body ?? {}).filter((key) => !CATALOGUE.some((entry) => key === `quantity_${entry.sku}`));
    try {
      if (unknown.length > 0) throw new ServiceValidationError(unknown.map((path) => ({ path, constraints: { whitelistValidation: OrdersMessages.unknownField(path) } })));
      const order = await this.orders.place(req.acbSession!.user!, { items });
      res.redirect(HttpStatus.SEE_OTHER, `/orders/${order.id}`);
    } catch (error) {
      if (!(error instanceof ServiceValidationError)) throw error;
      res.status(HttpStatus.BAD_REQUEST).render('order-new', page(req, 'Place an order', { catalogue: CATALOGUE, message: Object.values(fieldMessages(error.errors)).join('; ') || OrdersMessages.chooseItems }));
    }
  }

  @Get(':id')
  @Render('order')
  async show(@Req() req: WebRequest, @Param('id', ParseIntPipe) id: number): Promise<Record<string, unknown>> {
    const view = await this.orders.get(req.acbSession!.user!, id);
    return page(req, `Order ${id}`, { order: view.order, workflow: this.workflow(view.run), orderId: id });
  }

  /** The workflow block alone (what htmx swaps in every half second until the run is finished). */
  @Get(':id/workflow')
  async workflowBlock(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id', ParseIntPipe) id: number): Promise<void> {
    const view = await this.orders.get(req.acbSession!.user!, id);
    res.render('partials/order-workflow', { layout: false, workflow: this.workflow(view.run), orderId: id, order: view.order });
  }

  private workflow(run: Parameters<typeof runView>[1] | undefined) {
    if (!run) return undefined;
    return runView(this.workflows.definitions().find((definition) => definition.workflowId === run.workflowId), run);
  }
}
