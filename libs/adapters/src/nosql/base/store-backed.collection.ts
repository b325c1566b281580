import type { NoSqlDocument } from '../nosql.adapter';
import { NoSqlUpdateError } from '../errors/nosql-update.error';
import { NOSQL_MESSAGES } from '../nosql.messages';
import type { StoredDocument } from '../query/document.validator';
import { sortDocuments } from '../query/document.sort';
import { cloneJson, jsonEquals } from '../query/json-value';
import { matchesQuery } from '../query/query.matcher';
import type { ParsedFindOptions, QueryCondition } from '../query/query.parser';
import { applyUpdate } from '../query/update.applier';
import type { UpdateOperation } from '../query/update.parser';
import { BaseNoSqlCollection } from './base-nosql.collection';
import type { DocumentStore } from './document-store.interface';

/** Rounds of re-reading documents that a concurrent writer changed under an update, before giving up. */
const MAX_ATTEMPTS = 50;

/**
 * A collection whose queries run in process with the shared matcher: it loads the candidates from a
 * {@link DocumentStore} and filters, sorts and updates them in JavaScript; updates are written back with
 * compare-and-set and retried per document when a concurrent writer got there first. Used by memory and Redis.
 */
export class StoreBackedCollection<T extends NoSqlDocument = NoSqlDocument> extends BaseNoSqlCollection<T> {
  constructor(
    readonly name: string,
    private readonly store: DocumentStore,
  ) {
    super();
  }

  protected insertChecked(docs: StoredDocument[]): Promise<void> {
    return this.store.insert(docs);
  }

  protected async findChecked(conditions: QueryCondition[], options: ParsedFindOptions): Promise<StoredDocument[]> {
    return (await this.select(conditions, options)).map((doc) => cloneJson(doc));
  }

  protected async countChecked(conditions: QueryCondition[]): Promise<number> {
    const candidates = await this.candidates(conditions);
    return candidates.filter((doc) => matchesQuery(doc, conditions)).length;
  }

  protected async updateChecked(conditions: QueryCondition[], operations: UpdateOperation[], limit: number | undefined): Promise<number> {
    let targets = await this.select(conditions, { sort: [], limit, skip: 0 });
    let changed = 0;
    for (let attempt = 1; targets.length > 0; attempt++) {
      const changes = targets
        .map((before) => ({ before, after: applyUpdate(before, operations) }))
        .filter(({ before, after }) => !jsonEquals(before, after));
      if (changes.length === 0) break;
      const conflicts = await this.store.replace(changes);
      changed += changes.length - conflicts.length;
      if (conflicts.length === 0) break;
      if (attempt >= MAX_ATTEMPTS) throw new NoSqlUpdateError(NOSQL_MESSAGES.concurrentUpdate(this.name, MAX_ATTEMPTS));
      // NOTE: another writer changed these documents since we read them: read them again and re-apply where they
      // still match (updateOne looks for the first match again), as a per-document atomic update would.
      targets =
        limit === 1
          ? await this.select(conditions, { sort: [], limit, skip: 0 })
          : (await this.store.loadByIds(conflicts)).filter((doc) => matchesQuery(doc, conditions));
    }
    return changed;
  }

  protected async deleteChecked(conditions: QueryCondition[], limit: number | undefined): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const targets = await this.select(conditions, { sort: [], limit, skip: 0 });
      if (targets.length === 0) return 0;
      const removed = await this.store.remove(targets.map((doc) => doc._id));
      // NOTE: deleteOne whose target was deleted meanwhile by someone else deletes the next match instead.
      if (removed > 0 || limit === undefined || attempt >= MAX_ATTEMPTS) return removed;
    }
  }

  /** Every document, or only the pinned ones when a condition fixes `_id` (`_id: 'x'`, `_id: { $in: [...] }`). */
  private candidates(conditions: QueryCondition[]): Promise<StoredDocument[]> {
    for (const condition of conditions) {
      if (condition.segments.length !== 1 || condition.segments[0] !== '_id') continue;
      if (condition.op === '$eq' && typeof condition.value === 'string') return this.store.loadByIds([condition.value]);
      if (condition.op === '$in' && condition.value.every((id) => typeof id === 'string')) {
        return this.store.loadByIds([...new Set(condition.value as string[])]);
      }
    }
    return this.store.loadAll();
  }

  private async select(conditions: QueryCondition[], options: ParsedFindOptions): Promise<StoredDocument[]> {
    const all = await this.candidates(conditions);
    const matching = sortDocuments(
      all.filter((doc) => matchesQuery(doc, conditions)),
      options.sort,
    );
    const end = options.limit === undefined ? undefined : options.skip + options.limit;
    return matching.slice(options.skip, end);
  }
}
