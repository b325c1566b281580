import { ServiceError, ServiceValidationError, httpStatusOf } from '@acb/services';
import { Body, Controller, Get, HttpStatus, Post, Query, Render, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { echo, fieldMessages, page, safeNext } from '../web/page';
import { SessionCookies } from '../web/session-cookies';
import { WebExceptionFilter } from '../web/web-exception.filter';
import type { WebRequest, WebResponse } from '../web/web-request';
import { AuthMessages } from './auth.messages';
import { AuthService } from './auth.service';

/** The register, log-in and log-out pages (forms posted with their CSRF token). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class AuthPagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookies: SessionCookies,
  ) {}

  @Get('register')
  @Render('register')
  async registerForm(@Req() req: WebRequest, @Res({ passthrough: true }) res: WebResponse): Promise<Record<string, unknown>> {
    await this.cookies.ensure(req, res);
    return page(req, 'Register', { values: {} });
  }

  @Post('register')
  async register(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: unknown): Promise<void> {
    try {
      const user = await this.auth.register(body);
      await this.cookies.signIn(req, res, user);
      res.redirect(HttpStatus.SEE_OTHER, '/');
    } catch (error) {
      if (!(error instanceof ServiceError) || httpStatusOf(error) >= 500) throw error;
      const fields = error instanceof ServiceValidationError ? fieldMessages(error.errors) : {};
      res.status(httpStatusOf(error)).render('register', page(req, 'Register', { values: echo(body, ['email', 'name']), fields, message: error instanceof ServiceValidationError ? AuthMessages.invalidForm : error.message }));
    }
  }

  @Get('login')
  @Render('login')
  async loginForm(@Req() req: WebRequest, @Res({ passthrough: true }) res: WebResponse, @Query('next') next?: string): Promise<Record<string, unknown>> {
    await this.cookies.ensure(req, res);
    return page(req, 'Log in', { values: {}, next: safeNext(next) });
  }

  @Post('login')
  async login(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    try {
      const user = await this.auth.authenticate(body);
      await this.cookies.signIn(req, res, user);
      res.redirect(HttpStatus.SEE_OTHER, safeNext(body?.next));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      const status = (error as { httpStatus?: number }).httpStatus ?? httpStatusOf(error);
      if (status >= 500) throw error;
      const message = error instanceof ServiceValidationError ? AuthMessages.loginFormIncomplete : error.message;
      res.status(status).render('login', page(req, 'Log in', { values: echo(body, ['email']), next: safeNext(body?.next), message }));
    }
  }

  @Post('logout')
  async logout(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    await this.cookies.signOut(req, res);
    res.redirect(HttpStatus.SEE_OTHER, '/login');
  }
}
