/** A step's action name resolves to nothing at run time (the step fails with this error). */
export class UnknownActionError extends Error {
  constructor(
    readonly action: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnknownActionError';
  }
}
