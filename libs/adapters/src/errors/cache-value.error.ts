/** A cache value that cannot be stored (not JSON) or used (increment on a non-number). */
export class CacheValueError extends Error {
  override readonly name = 'CacheValueError';

  constructor(
    message: string,
    readonly key: string,
  ) {
    super(message);
  }
}
