/** A system switched off or on in a way AcbModule cannot compose (unknown name, not a boolean, a missing dependency). */
export class AcbFeatureSwitchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AcbFeatureSwitchError';
  }
}
