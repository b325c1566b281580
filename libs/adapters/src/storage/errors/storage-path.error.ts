import { STORAGE_MESSAGES } from '../storage.messages';

/** A storage path that is refused: it escapes the root (`../`, absolute, NUL, backslash, symlink) or conflicts with a folder. */
export class StoragePathError extends Error {
  constructor(
    /** The path as the caller gave it. */
    readonly path: string,
    /** Why it is refused. */
    readonly reason: string,
  ) {
    super(STORAGE_MESSAGES.refusedPath(path, reason));
    this.name = 'StoragePathError';
  }
}
