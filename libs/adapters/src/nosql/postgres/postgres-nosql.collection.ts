import type { Pool, PoolClient } from 'pg';
import type { NoSqlDocument } from '../nosql.adapter';
import { BaseNoSqlCollection } from '../base/base-nosql.collection';
import { NoSqlDuplicateIdError } from '../errors/nosql-duplicate-id.error';
import type { StoredDocument } from '../query/document.validator';
import { jsonEquals } from '../query/json-value';
import type { ParsedFindOptions, QueryCondition } from '../query/query.parser';
import { applyUpdate } from '../query/update.applier';
import type { UpdateOperation } from '../query/update.parser';
import { SqlParameters, translateConditions, translateSort } from './jsonb-query.translator';

/** PostgreSQL's unique_violation SQLSTATE. */
const UNIQUE_VIOLATION = '23505';

/**
 * A collection stored as rows of one jsonb table (`namespace`, `collection`, `id`, `doc`). Queries, sort and paging
 * run in SQL; updates read the matching rows `FOR UPDATE`, apply the shared update logic and write back in one
 * transaction, so an update behaves exactly as on the other backends.
 */
export class PostgresNoSqlCollection<T extends NoSqlDocument = NoSqlDocument> extends BaseNoSqlCollection<T> {
  constructor(
    readonly name: string,
    private readonly namespace: string,
    private readonly table: string,
    private readonly pool: () => Pool,
  ) {
    super();
  }

  protected async insertChecked(docs: StoredDocument[]): Promise<void> {
    const ids = docs.map((doc) => doc._id);
    try {
      await this.pool().query(
        `INSERT INTO ${this.table} (namespace, collection, id, doc)
         SELECT $1, $2, u.id, u.doc FROM unnest($3::text[], $4::jsonb[]) AS u(id, doc)`,
        [this.namespace, this.name, ids, docs.map((doc) => JSON.stringify(doc))],
      );
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      const taken = await this.pool().query<{ id: string }>(
        `SELECT id FROM ${this.table} WHERE namespace = $1 AND collection = $2 AND id = ANY($3::text[]) LIMIT 1`,
        [this.namespace, this.name, ids],
      );
      throw new NoSqlDuplicateIdError(this.name, taken.rows[0]?.id ?? ids[0]);
    }
  }

  protected async findChecked(conditions: QueryCondition[], options: ParsedFindOptions): Promise<StoredDocument[]> {
    const params = this.scope();
    const where = translateConditions(conditions, params);
    const order = translateSort(options.sort, params);
    const limit = options.limit === undefined ? '' : ` LIMIT ${params.add(options.limit)}`;
    const offset = options.skip > 0 ? ` OFFSET ${params.add(options.skip)}` : '';
    const result = await this.pool().query<{ doc: StoredDocument }>(
      `SELECT doc FROM ${this.table} WHERE namespace = $1 AND collection = $2 AND ${where} ${order}${limit}${offset}`,
      params.values,
    );
    return result.rows.map((row) => row.doc);
  }

  protected async countChecked(conditions: QueryCondition[]): Promise<number> {
    const params = this.scope();
    const where = translateConditions(conditions, params);
    const result = await this.pool().query<{ count: number }>(
      `SELECT count(*)::int AS count FROM ${this.table} WHERE namespace = $1 AND collection = $2 AND ${where}`,
      params.values,
    );
    return result.rows[0].count;
  }

  protected updateChecked(conditions: QueryCondition[], operations: UpdateOperation[], limit: number | undefined): Promise<number> {
    return this.transaction(async (client) => {
      const params = this.scope();
      const where = translateConditions(conditions, params);
      const limitSql = limit === undefined ? '' : ` LIMIT ${params.add(limit)}`;
      const selected = await client.query<{ doc: StoredDocument }>(
        `SELECT doc FROM ${this.table} WHERE namespace = $1 AND collection = $2 AND ${where}
         ORDER BY id COLLATE "C"${limitSql} FOR UPDATE`,
        params.values,
      );
      const changed = selected.rows
        .map(({ doc }) => ({ before: doc, after: applyUpdate(doc, operations) }))
        .filter(({ before, after }) => !jsonEquals(before, after))
        .map(({ after }) => after);
      if (changed.length > 0) {
        await client.query(
          `UPDATE ${this.table} AS t SET doc = u.doc FROM unnest($3::text[], $4::jsonb[]) AS u(id, doc)
           WHERE t.namespace = $1 AND t.collection = $2 AND t.id = u.id`,
          [this.namespace, this.name, changed.map((doc) => doc._id), changed.map((doc) => JSON.stringify(doc))],
        );
      }
      return changed.length;
    });
  }

  protected async deleteChecked(conditions: QueryCondition[], limit: number | undefined): Promise<number> {
    const params = this.scope();
    const where = translateConditions(conditions, params);
    const sql =
      limit === undefined
        ? `DELETE FROM ${this.table} WHERE namespace = $1 AND collection = $2 AND ${where}`
        : // NOTE: MATERIALIZED: as an `IN (subquery)` the planner may rescan the LIMITed subquery per row and delete more.
          `WITH target AS MATERIALIZED (
             SELECT id FROM ${this.table} WHERE namespace = $1 AND collection = $2 AND ${where}
             ORDER BY id COLLATE "C" LIMIT ${params.add(limit)} FOR UPDATE)
           DELETE FROM ${this.table} AS t USING target
           WHERE t.namespace = $1 AND t.collection = $2 AND t.id = target.id`;
    const result = await this.pool().query(sql, params.values);
    return result.rowCount ?? 0;
  }

  private scope(): SqlParameters {
    return new SqlParameters([this.namespace, this.name]);
  }

  private async transaction<R>(work: (client: PoolClient) => Promise<R>): Promise<R> {
    const client = await this.pool().connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
