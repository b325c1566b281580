import { randomUUID } from 'node:crypto';
import { NoSqlDocumentError } from '../errors/nosql-document.error';
import { NOSQL_MESSAGES } from '../nosql.messages';
import { isPlainObject } from './field-path';
import { normalizeJson } from './json-value';

/** A document as stored: normalised JSON with a string `_id`. */
export type StoredDocument = Record<string, unknown> & { _id: string };

/**
 * Checks a document to insert and returns the copy to store (normalised JSON, `_id` generated with `randomUUID()` when
 * missing). The caller's object is never modified.
 */
export function prepareInsert(doc: unknown): StoredDocument {
  if (!isPlainObject(doc)) throw new NoSqlDocumentError(NOSQL_MESSAGES.documentNotObject());
  const id = doc._id === undefined ? randomUUID() : doc._id;
  checkId(id);
  return checkStored({ ...doc, _id: id });
}

/** Checks a document produced by an update (or read back) and returns it normalised. */
export function checkStored(doc: Record<string, unknown>): StoredDocument {
  const normalized = normalizeJson(doc, { where: 'Document', documentKeys: true, ErrorClass: NoSqlDocumentError });
  return normalized as StoredDocument;
}

export function checkId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.includes('\u0000')) {
    throw new NoSqlDocumentError(NOSQL_MESSAGES.invalidId(id));
  }
}
