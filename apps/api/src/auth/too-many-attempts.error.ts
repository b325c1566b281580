import { ServiceError } from '@acb/services';
import { AuthMessages } from './auth.messages';

/** Too many failed log-ins for one email: refused until the window ends. HTTP 429 with `Retry-After`. */
export class TooManyAttemptsError extends ServiceError {
  override readonly name = 'TooManyAttemptsError';
  readonly httpStatus = 429;

  constructor(readonly retryAfterSeconds: number) {
    super(AuthMessages.tooManyAttempts(retryAfterSeconds), { code: 'TOO_MANY_ATTEMPTS', context: { retryAfterSeconds } });
  }
}
