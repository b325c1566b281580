import { NoSqlQueryError } from '../errors/nosql-query.error';
import { NOSQL_MESSAGES } from '../nosql.messages';

const COLLECTION_NAME = /^[A-Za-z0-9_.-]{1,120}$/;

/** Collection names are part of Redis keys and SQL values: letters, digits, `_`, `-`, `.` only (no `:`). */
export function checkCollectionName(name: string): string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw new NoSqlQueryError(NOSQL_MESSAGES.invalidCollectionName(String(name)));
  }
  return name;
}
