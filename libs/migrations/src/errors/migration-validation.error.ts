/** Known migrations and the history table disagree (changed, missing, duplicate versions). Nothing was applied. */
export class MigrationValidationError extends Error {
  constructor(
    message: string,
    /** Each problem as one sentence. */
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'MigrationValidationError';
  }
}
