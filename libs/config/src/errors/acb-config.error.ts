/** Base class of every error the config library throws; catch it to handle any configuration problem. */
export class AcbConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AcbConfigError';
  }
}
