import { ServiceError } from '@acb/services';

/** Wrong email or password (the same answer for both, so emails cannot be probed). */
export class AuthenticationError extends ServiceError {
  override readonly name = 'AuthenticationError';
  readonly httpStatus = 401;
  constructor() {
    super('Invalid email or password', { code: 'INVALID_CREDENTIALS' });
  }
}

/** Too many failed log-ins for one email: refused until the window ends. */
export class TooManyAttemptsError extends ServiceError {
  override readonly name = 'TooManyAttemptsError';
  readonly httpStatus = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed log-ins; try again in ${retryAfterSeconds} s`, { code: 'TOO_MANY_ATTEMPTS', context: { retryAfterSeconds } });
  }
}
