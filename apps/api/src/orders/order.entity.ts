import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of an order. */
export interface OrderItem {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

/** `placed` → `paid` → `shipped` → `fulfilled` as the `order-fulfillment` workflow runs; `failed` when it fails. */
export type OrderStatus = 'placed' | 'paid' | 'shipped' | 'fulfilled' | 'failed';

/** An order (table `orders`, migration 004). */
@Entity({ name: 'orders' })
export class Order {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ type: 'simple-json' })
  items!: OrderItem[];

  @Column({ name: 'total_cents', type: 'integer' })
  totalCents!: number;

  @Column({ type: 'varchar', length: 20 })
  status!: OrderStatus;

  @Column({ name: 'run_id', type: 'varchar', length: 64, nullable: true })
  runId!: string | null;

  @Column({ name: 'payment_id', type: 'varchar', length: 64, nullable: true })
  paymentId!: string | null;

  @Column({ name: 'tracking_number', type: 'varchar', length: 64, nullable: true })
  trackingNumber!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 40 })
  createdAt!: string;
}
