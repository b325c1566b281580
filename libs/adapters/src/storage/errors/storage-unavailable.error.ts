/** The storage root cannot be used (missing, not a folder, not readable/writable); raised by `connect()` and `ping()`. */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}
