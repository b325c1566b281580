import { ServiceError } from '@acb/services';
import { AuthMessages } from './auth.messages';

/** Wrong email or password (the same answer for both, so emails cannot be probed). HTTP 401. */
export class AuthenticationError extends ServiceError {
  override readonly name = 'AuthenticationError';
  readonly httpStatus = 401;

  constructor() {
    super(AuthMessages.invalidCredentials, { code: 'INVALID_CREDENTIALS' });
  }
}
