import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { Order } from './order.entity';
import { OrderFulfillmentActions } from './order-fulfillment.workflow';
import { OrderRepository } from './order.repository';
import { OrdersApiController } from './orders-api.controller';
import { OrdersPagesController } from './orders-pages.controller';
import { OrdersService } from './orders.service';

/** Orders (migration 004), pages and `/api/orders`, the `order-fulfillment` workflow's actions. */
@Module({
  imports: [TypeOrmModule.forFeature([Order, User])],
  controllers: [OrdersPagesController, OrdersApiController],
  providers: [OrderRepository, UserRepository, OrdersService, OrderFulfillmentActions],
})
export class OrdersModule {}
