import type { Redis } from 'ioredis';
import type { DocumentStore } from '../base/document-store.interface';
import { NoSqlDuplicateIdError } from '../errors/nosql-duplicate-id.error';
import type { StoredDocument } from '../query/document.validator';

/** Documents read per MGET while loading a collection. */
const LOAD_BATCH = 1000;

/**
 * Inserts all documents or none: returns the 1-based position of the first taken key, or 0 after writing them all.
 * KEYS[1] = index set, KEYS[2..] = document keys; ARGV = id1, json1, id2, json2, ...
 */
const INSERT_SCRIPT = `
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return i - 1 end
end
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2 * (i - 1)])
  redis.call('SADD', KEYS[1], ARGV[2 * (i - 1) - 1])
end
return 0
`;

/**
 * One collection in Redis: each document is a JSON string under `<namespace>:nosql:<collection>:<id>`, and the set
 * `<namespace>:nosql:<collection>` lists the ids. Insert is one Lua script (atomic); delete is one MULTI.
 */
export class RedisDocumentStore implements DocumentStore {
  private readonly indexKey: string;

  constructor(
    private readonly client: () => Redis,
    namespace: string,
    private readonly collection: string,
  ) {
    this.indexKey = `${namespace}:nosql:${collection}`;
  }

  private docKey(id: string): string {
    return `${this.indexKey}:${id}`;
  }

  async loadAll(): Promise<StoredDocument[]> {
    return this.loadByIds(await this.client().smembers(this.indexKey));
  }

  async loadByIds(ids: string[]): Promise<StoredDocument[]> {
    const client = this.client();
    const docs: StoredDocument[] = [];
    for (let start = 0; start < ids.length; start += LOAD_BATCH) {
      const keys = ids.slice(start, start + LOAD_BATCH).map((id) => this.docKey(id));
      const values = await client.mget(keys);
      // NOTE: null = deleted between SMEMBERS and MGET; it is simply not part of this read.
      for (const value of values) if (value !== null) docs.push(JSON.parse(value) as StoredDocument);
    }
    return docs;
  }

  async insert(docs: StoredDocument[]): Promise<void> {
    const keys = [this.indexKey, ...docs.map((doc) => this.docKey(doc._id))];
    const args = docs.flatMap((doc) => [doc._id, JSON.stringify(doc)]);
    const taken = (await this.client().eval(INSERT_SCRIPT, keys.length, ...keys, ...args)) as number;
    if (taken > 0) throw new NoSqlDuplicateIdError(this.collection, docs[taken - 1]._id);
  }

  async replace(docs: StoredDocument[]): Promise<void> {
    const multi = this.client().multi();
    // NOTE: XX writes only over an existing key, so a document deleted meanwhile is not brought back.
    for (const doc of docs) multi.set(this.docKey(doc._id), JSON.stringify(doc), 'XX');
    await multi.exec();
  }

  async remove(ids: string[]): Promise<number> {
    const results = await this.client()
      .multi()
      .del(...ids.map((id) => this.docKey(id)))
      .srem(this.indexKey, ...ids)
      .exec();
    const [error, removed] = results?.[0] ?? [null, 0];
    if (error) throw error;
    return Number(removed);
  }
}
