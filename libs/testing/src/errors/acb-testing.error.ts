/** A test helper was used in a way it cannot serve (a missing system, an unknown category). */
export class AcbTestingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AcbTestingError';
  }
}
