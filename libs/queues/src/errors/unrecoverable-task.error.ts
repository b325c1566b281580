/**
 * Throw it from a task handler when retrying cannot help (invalid payload, entity gone): the task goes straight to
 * the dead letters with this message, whatever its maxRetries.
 * @example throw new UnrecoverableTaskError(`order ${id} does not exist`)
 */
export class UnrecoverableTaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecoverableTaskError';
  }
}
