export type NoSqlDocument = Record<string, unknown> & { _id?: string };

export type NoSqlOperator = '$eq' | '$ne' | '$gt' | '$gte' | '$lt' | '$lte' | '$in' | '$nin' | '$exists';

/** `{ 'address.city': 'Oslo', age: { $gte: 18 } }` — nested fields by dotted path. Unknown operators throw. */
export type NoSqlQuery = Record<string, unknown>;

export interface NoSqlUpdate {
  $set?: Record<string, unknown>;
  $inc?: Record<string, number>;
  $unset?: Record<string, unknown>;
}

export interface NoSqlFindOptions {
  /** `{ age: 1, name: -1 }` */
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
}

export abstract class NoSqlCollection<T extends NoSqlDocument = NoSqlDocument> {
  abstract readonly name: string;
  /** Returns the stored document with its `_id` (generated when missing). */
  abstract insertOne(doc: T): Promise<T & { _id: string }>;
  abstract insertMany(docs: T[]): Promise<Array<T & { _id: string }>>;
  abstract findOne(query?: NoSqlQuery): Promise<(T & { _id: string }) | undefined>;
  abstract find(query?: NoSqlQuery, options?: NoSqlFindOptions): Promise<Array<T & { _id: string }>>;
  /** @returns the number of documents changed. */
  abstract updateOne(query: NoSqlQuery, update: NoSqlUpdate): Promise<number>;
  abstract updateMany(query: NoSqlQuery, update: NoSqlUpdate): Promise<number>;
  /** @returns the number of documents removed. */
  abstract deleteOne(query: NoSqlQuery): Promise<number>;
  abstract deleteMany(query: NoSqlQuery): Promise<number>;
  abstract count(query?: NoSqlQuery): Promise<number>;
}

export abstract class NoSqlAdapter {
  abstract readonly name: string;
  abstract collection<T extends NoSqlDocument = NoSqlDocument>(name: string): NoSqlCollection<T>;
  abstract ping(): Promise<void>;
}
