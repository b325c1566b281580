import type { StoredDocument } from '../query/document.validator';

export interface DocumentChange {
  /** The document as loaded from this store (same object). */
  before: StoredDocument;
  after: StoredDocument;
}

/** The few primitives a backend provides when queries are evaluated in process (memory, Redis). */
export interface DocumentStore {
  /** Every document of the collection (the caller does not modify them). */
  loadAll(): Promise<StoredDocument[]>;
  /** The documents with these ids that exist (used when a query pins `_id`). */
  loadByIds(ids: string[]): Promise<StoredDocument[]>;
  /** Inserts all or none; a taken `_id` throws `NoSqlDuplicateIdError`. */
  insert(docs: StoredDocument[]): Promise<void>;
  /**
   * Compare-and-set: writes each `after` only if the stored document is still exactly the `before` this store
   * loaded (not changed or deleted meanwhile), atomically per document.
   * @returns the ids that were not written because they changed meanwhile.
   */
  replace(changes: DocumentChange[]): Promise<string[]>;
  /** @returns how many of these ids existed and were removed. */
  remove(ids: string[]): Promise<number>;
}
