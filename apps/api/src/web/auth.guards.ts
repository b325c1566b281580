import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { WebRequest } from './web-request';
import { WebMessages } from './web.messages';

/** Thrown by `PageAuthGuard`: the web exception filter answers it with a 303 to `/login?next=<path>`. */
export class SignInRequiredException extends Error {
  override readonly name = 'SignInRequiredException';
  constructor(readonly next: string) {
    super(WebMessages.signInRequired);
  }
}

/** Pages that need a signed-in user: anonymous visitors are redirected to the login page. */
@Injectable()
export class PageAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<WebRequest>();
    if (req.acbSession?.user) return true;
    throw new SignInRequiredException(req.originalUrl);
  }
}

/** JSON routes that need a signed-in user: 401 otherwise. */
@Injectable()
export class ApiAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.switchToHttp().getRequest<WebRequest>().acbSession?.user) return true;
    throw new UnauthorizedException(WebMessages.signInRequired);
  }
}
