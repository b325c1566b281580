import { NoSqlCollection, type NoSqlDocument, type NoSqlFindOptions, type NoSqlQuery, type NoSqlUpdate } from '../nosql.adapter';
import { NoSqlDuplicateIdError } from '../errors/nosql-duplicate-id.error';
import { type StoredDocument, prepareInsert } from '../query/document.validator';
import { cloneJson } from '../query/json-value';
import { type ParsedFindOptions, type QueryCondition, parseFindOptions, parseQuery } from '../query/query.parser';
import { type UpdateOperation, parseUpdate } from '../query/update.parser';

export type WithId<T> = T & { _id: string };

/**
 * What every backend's collection shares: input checking (documents, queries, options, updates — always by the
 * shared parsers, so every backend refuses the same input with the same error) and the one/many variants.
 * A backend implements the checked operations.
 */
export abstract class BaseNoSqlCollection<T extends NoSqlDocument = NoSqlDocument> extends NoSqlCollection<T> {
  /** Stores checked documents (distinct `_id`s), all or none; a taken `_id` throws `NoSqlDuplicateIdError`. */
  protected abstract insertChecked(docs: StoredDocument[]): Promise<void>;
  protected abstract findChecked(conditions: QueryCondition[], options: ParsedFindOptions): Promise<StoredDocument[]>;
  protected abstract countChecked(conditions: QueryCondition[]): Promise<number>;
  /** Updates the first `limit` matches by `_id` (all when undefined); returns how many changed. */
  protected abstract updateChecked(conditions: QueryCondition[], operations: UpdateOperation[], limit: number | undefined): Promise<number>;
  /** Deletes the first `limit` matches by `_id` (all when undefined); returns how many were removed. */
  protected abstract deleteChecked(conditions: QueryCondition[], limit: number | undefined): Promise<number>;

  async insertOne(doc: T): Promise<WithId<T>> {
    const [stored] = await this.insertMany([doc]);
    return stored;
  }

  async insertMany(docs: T[]): Promise<Array<WithId<T>>> {
    const prepared = docs.map((doc) => prepareInsert(doc));
    const seen = new Set<string>();
    for (const doc of prepared) {
      if (seen.has(doc._id)) throw new NoSqlDuplicateIdError(this.name, doc._id);
      seen.add(doc._id);
    }
    if (prepared.length > 0) await this.insertChecked(prepared);
    return prepared.map((doc) => cloneJson(doc) as WithId<T>);
  }

  async findOne(query?: NoSqlQuery): Promise<WithId<T> | undefined> {
    const [first] = await this.find(query, { limit: 1 });
    return first;
  }

  async find(query?: NoSqlQuery, options?: NoSqlFindOptions): Promise<Array<WithId<T>>> {
    const found = await this.findChecked(parseQuery(query), parseFindOptions(options));
    return found as Array<WithId<T>>;
  }

  // NOTE: every method is async so that bad input rejects the promise instead of throwing synchronously.
  async count(query?: NoSqlQuery): Promise<number> {
    return this.countChecked(parseQuery(query));
  }

  async updateOne(query: NoSqlQuery, update: NoSqlUpdate): Promise<number> {
    return this.updateChecked(parseQuery(query), parseUpdate(update), 1);
  }

  async updateMany(query: NoSqlQuery, update: NoSqlUpdate): Promise<number> {
    return this.updateChecked(parseQuery(query), parseUpdate(update), undefined);
  }

  async deleteOne(query: NoSqlQuery): Promise<number> {
    return this.deleteChecked(parseQuery(query), 1);
  }

  async deleteMany(query: NoSqlQuery): Promise<number> {
    return this.deleteChecked(parseQuery(query), undefined);
  }
}
