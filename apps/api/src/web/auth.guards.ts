import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { SignInRequiredException } from './sign-in-required.exception';
import type { WebRequest } from './web-request';
import { WebMessages } from './web.messages';

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
