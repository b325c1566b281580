import type { FindOptionsOrder } from 'typeorm';

/** Pagination and order of `Repository.find`. */
export interface FindPageOptions<T> {
  /** 1-based page number. @default 1 */
  page?: number;
  /** Items per page (1..1000). @default 20 */
  limit?: number;
  /** TypeORM order, e.g. `{ createdAt: 'DESC' }`. @default primary key ascending (stable pages) */
  order?: FindOptionsOrder<T>;
}

/** One page of results with the total number of matching rows. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}
