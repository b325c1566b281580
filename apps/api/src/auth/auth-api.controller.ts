import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SessionUser } from '../web/session';
import { SessionCookies } from '../web/session-cookies';
import { WebExceptionFilter } from '../web/web-exception.filter';
import type { WebRequest, WebResponse } from '../web/web-request';
import { AuthService } from './auth.service';

/** What the JSON auth routes answer: the user (or null) and the CSRF token for the next unsafe request. */
export interface SessionView {
  user: SessionUser | null;
  csrfToken: string;
}

/** The same accounts as JSON: `/api/auth/*`. The session cookie is set here too; send `x-csrf-token` afterwards. */
@ApiTags('auth')
@UseFilters(WebExceptionFilter)
@Controller('api/auth')
export class AuthApiController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookies: SessionCookies,
  ) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account ({ email, name, password }) and sign in' })
  async register(@Req() req: WebRequest, @Res({ passthrough: true }) res: WebResponse, @Body() body: unknown): Promise<SessionView> {
    const user = await this.auth.register(body);
    const session = await this.cookies.signIn(req, res, user);
    return { user, csrfToken: session.csrf };
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in ({ email, password }); 401 on a wrong pair, 429 after 5 failures in 15 min' })
  async login(@Req() req: WebRequest, @Res({ passthrough: true }) res: WebResponse, @Body() body: unknown): Promise<SessionView> {
    const user = await this.auth.authenticate(body);
    const session = await this.cookies.signIn(req, res, user);
    return { user, csrfToken: session.csrf };
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session' })
  async logout(@Req() req: WebRequest, @Res({ passthrough: true }) res: WebResponse): Promise<void> {
    await this.cookies.signOut(req, res);
  }

  @Get('session')
  @ApiOperation({ summary: 'The signed-in user (or null) and a CSRF token (starts an anonymous session)' })
  async session(@Req() req: WebRequest, @Res({ passthrough: true }) res: WebResponse): Promise<SessionView> {
    const session = await this.cookies.ensure(req, res);
    return { user: session.user ?? null, csrfToken: session.csrf };
  }
}
