/** The built-in `command` action: the program exited non-zero, was killed, timed out or could not start. */
export class CommandFailedError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'CommandFailedError';
  }
}
