import type { AdapterContext } from '../../interfaces/adapter-context.interface';
import { NoSqlAdapter, type NoSqlCollection, type NoSqlDocument } from '../nosql.adapter';
import { checkCollectionName } from '../base/collection-name';
import type { DocumentChange, DocumentStore } from '../base/document-store.interface';
import { StoreBackedCollection } from '../base/store-backed.collection';
import { NoSqlDuplicateIdError } from '../errors/nosql-duplicate-id.error';
import type { StoredDocument } from '../query/document.validator';

/** One collection's documents in a Map, inserted all-or-none. */
class MemoryDocumentStore implements DocumentStore {
  private readonly docs = new Map<string, StoredDocument>();

  constructor(private readonly collection: string) {}

  async loadAll(): Promise<StoredDocument[]> {
    return [...this.docs.values()];
  }

  async loadByIds(ids: string[]): Promise<StoredDocument[]> {
    return ids.flatMap((id) => this.docs.get(id) ?? []);
  }

  async insert(docs: StoredDocument[]): Promise<void> {
    const taken = docs.find((doc) => this.docs.has(doc._id));
    if (taken) throw new NoSqlDuplicateIdError(this.collection, taken._id);
    for (const doc of docs) this.docs.set(doc._id, doc);
  }

  async replace(changes: DocumentChange[]): Promise<string[]> {
    const conflicts: string[] = [];
    for (const { before, after } of changes) {
      // NOTE: stored objects are never mutated, so identity tells whether the document changed since it was loaded.
      if (this.docs.get(before._id) === before) this.docs.set(after._id, after);
      else conflicts.push(before._id);
    }
    return conflicts;
  }

  async remove(ids: string[]): Promise<number> {
    return ids.filter((id) => this.docs.delete(id)).length;
  }
}

/**
 * nosql `memory`: documents in this process, gone on restart. Stores normalised JSON copies, so a document reads
 * back exactly as it would from Redis or PostgreSQL (a `Date` becomes its ISO string). Settings: none.
 * Each adapter instance has its own collections (two apps in one process do not share data).
 */
export class MemoryNoSqlAdapter extends NoSqlAdapter {
  readonly name = 'memory';
  private readonly collections = new Map<string, StoreBackedCollection<NoSqlDocument>>();

  constructor(_context?: AdapterContext) {
    super();
  }

  collection<T extends NoSqlDocument = NoSqlDocument>(name: string): NoSqlCollection<T> {
    checkCollectionName(name);
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new StoreBackedCollection(name, new MemoryDocumentStore(name));
      this.collections.set(name, collection);
    }
    return collection as unknown as NoSqlCollection<T>;
  }

  async ping(): Promise<void> {
    return;
  }
}
