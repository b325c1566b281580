import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthGuard } from '../web/auth.guards';
import { WebExceptionFilter } from '../web/web-exception.filter';
import type { WebRequest } from '../web/web-request';
import type { Order } from './order.entity';
import { type OrderView, OrdersService } from './orders.service';

/** Orders as JSON: `/api/orders` (a session and its `x-csrf-token` for writes). */
@ApiTags('orders')
@UseFilters(WebExceptionFilter)
@UseGuards(ApiAuthGuard)
@Controller('api/orders')
export class OrdersApiController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @ApiOperation({ summary: "The signed-in user's latest orders" })
  list(@Req() req: WebRequest): Promise<Order[]> {
    return this.orders.list(req.acbSession!.user!);
  }

  @Post()
  @ApiOperation({ summary: 'Place an order ({ items: [{ sku, quantity, unitPriceCents }] }); starts order-fulfillment' })
  place(@Req() req: WebRequest, @Body() body: unknown): Promise<Order> {
    return this.orders.place(req.acbSession!.user!, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An order and its workflow run (steps, states, outputs)' })
  get(@Req() req: WebRequest, @Param('id', ParseIntPipe) id: number): Promise<OrderView> {
    return this.orders.get(req.acbSession!.user!, id);
  }
}
