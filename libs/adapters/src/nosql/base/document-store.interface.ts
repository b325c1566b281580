import type { StoredDocument } from '../query/document.validator';

/** The few primitives a backend provides when queries are evaluated in process (memory, Redis). */
export interface DocumentStore {
  /** Every document of the collection (the caller does not modify them). */
  loadAll(): Promise<StoredDocument[]>;
  /** The documents with these ids that exist (used when a query pins `_id`). */
  loadByIds(ids: string[]): Promise<StoredDocument[]>;
  /** Inserts all or none; a taken `_id` throws `NoSqlDuplicateIdError`. */
  insert(docs: StoredDocument[]): Promise<void>;
  /** Overwrites documents that still exist (a document deleted meanwhile stays deleted). */
  replace(docs: StoredDocument[]): Promise<void>;
  /** @returns how many of these ids existed and were removed. */
  remove(ids: string[]): Promise<number>;
}
