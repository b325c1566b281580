import { Repository, RepositoryContext } from '@acb/services';
import { Injectable } from '@nestjs/common';
import { Order } from './order.entity';

/** Orders (no read cache: the workflow's steps update them while the order page polls). */
@Injectable()
export class OrderRepository extends Repository<Order> {
  constructor(context: RepositoryContext) {
    super(Order, context, { cache: false });
  }
}
