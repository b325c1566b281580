/** A statement whose `?` placeholders do not match the parameters given. */
export class SqlParameterError extends Error {
  override readonly name = 'SqlParameterError';

  constructor(
    message: string,
    readonly sql: string,
  ) {
    super(message);
  }
}
