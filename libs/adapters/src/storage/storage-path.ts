import { StoragePathError } from './errors/storage-path.error';
import { STORAGE_MESSAGES } from './storage.messages';

/** File names starting with this are the `file` adapter's temporary files (write + rename); users cannot use them. */
export const TEMP_FILE_PREFIX = '.acb-tmp-';

/** Longest file or folder name, in UTF-8 bytes (the usual file-system limit), so memory and file agree. */
export const MAX_NAME_BYTES = 255;
/** Longest normalised path, in UTF-8 bytes. */
export const MAX_PATH_BYTES = 1024;

/**
 * Checks a storage path and returns it normalised: POSIX, relative, no `.`/empty segments, `..` resolved.
 * Refused with a {@link StoragePathError}: non-strings, empty, NUL, any backslash, absolute (`/x`, `C:`),
 * a `..` that climbs above the root, a path that names the root itself, a name reserved for temporary files,
 * a name over 255 or a path over 1024 UTF-8 bytes. Every storage adapter uses this.
 */
export function normalizeStoragePath(path: string): string {
  const normalized = normalizeSegments(path);
  if (normalized.length === 0) throw new StoragePathError(String(path), STORAGE_MESSAGES.root());
  return normalized;
}

/**
 * Normalises a `list()` prefix with the same rules; an empty prefix (or `.`) means everything. A trailing `/` is
 * kept, so `docs/` matches inside the folder only while `docs` also matches `docs.txt`.
 */
export function normalizeStoragePrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return '';
  const normalized = normalizeSegments(prefix);
  if (normalized.length === 0) return '';
  return prefix.endsWith('/') ? `${normalized}/` : normalized;
}

function normalizeSegments(path: string): string {
  if (typeof path !== 'string') throw new StoragePathError(String(path), STORAGE_MESSAGES.notString());
  if (path.length === 0) throw new StoragePathError(path, STORAGE_MESSAGES.empty());
  if (path.includes('\u0000')) throw new StoragePathError(path, STORAGE_MESSAGES.nul());
  if (path.includes('\\')) throw new StoragePathError(path, STORAGE_MESSAGES.backslash());
  if (path.startsWith('/')) throw new StoragePathError(path, STORAGE_MESSAGES.absolute());
  if (/^[A-Za-z]:/.test(path)) throw new StoragePathError(path, STORAGE_MESSAGES.drive());
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) throw new StoragePathError(path, STORAGE_MESSAGES.escapes());
      segments.pop();
      continue;
    }
    if (segment.startsWith(TEMP_FILE_PREFIX)) throw new StoragePathError(path, STORAGE_MESSAGES.reserved(TEMP_FILE_PREFIX));
    if (Buffer.byteLength(segment) > MAX_NAME_BYTES) throw new StoragePathError(path, STORAGE_MESSAGES.nameTooLong(MAX_NAME_BYTES));
    segments.push(segment);
  }
  const normalized = segments.join('/');
  if (Buffer.byteLength(normalized) > MAX_PATH_BYTES) throw new StoragePathError(path, STORAGE_MESSAGES.pathTooLong(MAX_PATH_BYTES));
  return normalized;
}

/** `a/b/c` -> `['a', 'a/b']`: the folders a file lives in, outermost first. */
export function parentFolders(path: string): string[] {
  const segments = path.split('/');
  return segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
}
