import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProductWorkflowsModule } from '../workflows/product-workflows.module';
import { Order } from './order.entity';
import { OrdersApiController } from './orders-api.controller';
import { OrdersPagesController } from './orders-pages.controller';
import { OrdersService } from './orders.service';

/** Orders (migration 004), pages and `/api/orders`; the `order-fulfillment` workflow's actions come with ProductWorkflowsModule. */
@Module({
  imports: [TypeOrmModule.forFeature([Order]), ProductWorkflowsModule],
  controllers: [OrdersPagesController, OrdersApiController],
  providers: [OrdersService],
})
export class OrdersModule {}
