import { Body, Controller, Delete, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../access/access.decorators';
import { SESSION_COOKIE, sessionCookieOptions } from '../access/authenticator';
import { UserDto } from '../users/user.dto';
import { LoginDto, LoginResponseDto, RegisterDto } from './auth.dto';
import { AuthService } from './auth.service';

const INVALID_CREDENTIALS = 'invalid-credentials: the same answer for an unknown email, a wrong password and an inactive account';
const TOO_MANY_ATTEMPTS = 'too-many-attempts: too many failed logins for this email or address; Retry-After says when to try again';

const setCookie = (description: string): Record<string, { description: string; required: true; schema: { type: 'string' } }> => ({
  'Set-Cookie': { description, required: true, schema: { type: 'string' } },
});

@ApiTags('identity')
@Public()
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @ApiOperation({
    operationId: 'register',
    summary: 'Register as an applicant (entrepreneur)',
    description:
      'Anyone may call it. Creates an active account with the single role `applicant` and answers the account (never the ' +
      'password). 409 `email-taken` when the email has an account; 429 `too-many-registrations` beyond the hourly limit per ' +
      'client address (Retry-After). Log in afterwards with POST /v1/auth/login.',
  })
  @ApiCreatedResponse({ type: UserDto, description: 'The new account' })
  @ApiResponse({ status: 409, description: 'email-taken: an account with this email already exists' })
  @ApiResponse({ status: 429, description: 'too-many-registrations from this client address; Retry-After says when to try again' })
  register(@Body() dto: RegisterDto, @Ip() ip: string): Promise<UserDto> {
    return this.auth.register(dto, ip);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'login',
    summary: 'Exchange email and password for a bearer token',
    description:
      'Anyone may call it. Answers a JWT to send as `Authorization: Bearer` and the account it belongs to. Failed attempts are ' +
      'counted per email and per client address: 401 `invalid-credentials`, then 429 `too-many-attempts` with Retry-After.',
  })
  @ApiOkResponse({ type: LoginResponseDto, description: 'The token and the account' })
  @ApiResponse({ status: 401, description: INVALID_CREDENTIALS })
  @ApiResponse({ status: 429, description: TOO_MANY_ATTEMPTS })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResponseDto> {
    return this.auth.login(dto.email, dto.password, ip);
  }

  @Post('session')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'createSession',
    summary: 'Log a browser in: sets the HttpOnly, SameSite=Strict session cookie (the queue dashboard reads it)',
    description:
      'Anyone may call it. Same credentials, throttling and answers as login; the token goes only into the cookie ' +
      '`tenggat_session`, never into a body or a URL.',
  })
  @ApiNoContentResponse({
    description: 'Logged in',
    headers: setCookie('`tenggat_session=<token>; Path=/; HttpOnly; SameSite=Strict` (`Secure` over TLS, `Max-Age` = the token lifetime)'),
  })
  @ApiResponse({ status: 401, description: INVALID_CREDENTIALS })
  @ApiResponse({ status: 429, description: TOO_MANY_ATTEMPTS })
  async openSession(@Body() dto: LoginDto, @Ip() ip: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const { accessToken, expiresIn } = await this.auth.login(dto.email, dto.password, ip);
    res.cookie(SESSION_COOKIE, accessToken, sessionCookieOptions(req.secure, expiresIn));
  }

  @Delete('session')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteSession',
    summary: 'Log a browser out: clears the session cookie',
    description: 'Anyone may call it (with or without a session); it always succeeds.',
  })
  @ApiNoContentResponse({ description: 'Logged out', headers: setCookie('`tenggat_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict`') })
  @ApiResponse({ status: 400, description: 'invalid-text: the query string carries text no request may (NUL, control characters, malformed UTF-8)' })
  closeSession(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req.secure));
  }
}
