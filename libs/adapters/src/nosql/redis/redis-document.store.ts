import type { Redis } from 'ioredis';
import type { DocumentChange, DocumentStore } from '../base/document-store.interface';
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
 * Compare-and-set per document: writes ARGV[2i] to KEYS[i] only if it still holds ARGV[2i-1].
 * Returns the 1-based positions that did not match (changed or deleted meanwhile).
 */
const REPLACE_SCRIPT = `
local conflicts = {}
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[2 * i - 1] then
    redis.call('SET', KEYS[i], ARGV[2 * i])
  else
    conflicts[#conflicts + 1] = i
  end
end
return conflicts
`;

/**
 * One collection in Redis: each document is a JSON string under `<namespace>:nosql:<collection>:<id>`, and the set
 * `<namespace>:nosql:<collection>` lists the ids. Insert is one Lua script (atomic); delete is one MULTI.
 */
export class RedisDocumentStore implements DocumentStore {
  private readonly indexKey: string;
  /** The exact JSON each loaded document was read from, for compare-and-set. */
  private readonly loadedJson = new WeakMap<StoredDocument, string>();

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
      for (const value of values) {
        if (value === null) continue;
        const doc = JSON.parse(value) as StoredDocument;
        this.loadedJson.set(doc, value);
        docs.push(doc);
      }
    }
    return docs;
  }

  async insert(docs: StoredDocument[]): Promise<void> {
    const keys = [this.indexKey, ...docs.map((doc) => this.docKey(doc._id))];
    const args = docs.flatMap((doc) => [doc._id, JSON.stringify(doc)]);
    const taken = (await this.client().eval(INSERT_SCRIPT, keys.length, ...keys, ...args)) as number;
    if (taken > 0) throw new NoSqlDuplicateIdError(this.collection, docs[taken - 1]._id);
  }

  async replace(changes: DocumentChange[]): Promise<string[]> {
    const keys = changes.map(({ before }) => this.docKey(before._id));
    const args = changes.flatMap(({ before, after }) => [this.loadedJson.get(before) ?? JSON.stringify(before), JSON.stringify(after)]);
    const conflicts = (await this.client().eval(REPLACE_SCRIPT, keys.length, ...keys, ...args)) as number[];
    return conflicts.map((position) => changes[position - 1].before._id);
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
