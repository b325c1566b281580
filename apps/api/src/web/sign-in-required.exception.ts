import { WebMessages } from './web.messages';

/** Thrown by `PageAuthGuard`: the web exception filter answers it with a 303 to `/login?next=<path>` (401 for JSON). */
export class SignInRequiredException extends Error {
  override readonly name = 'SignInRequiredException';

  constructor(readonly next: string) {
    super(WebMessages.signInRequired);
  }
}
