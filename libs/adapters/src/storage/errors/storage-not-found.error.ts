import { STORAGE_MESSAGES } from '../storage.messages';

/** `read`/`readStream` of a file that does not exist (a folder counts as missing). */
export class StorageNotFoundError extends Error {
  readonly code = 'ENOENT';

  constructor(readonly path: string) {
    super(STORAGE_MESSAGES.notFound(path));
    this.name = 'StorageNotFoundError';
  }
}
