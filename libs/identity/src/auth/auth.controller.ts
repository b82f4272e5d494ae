import { Body, Controller, Delete, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../access/access.decorators';
import { CSRF_COOKIE, csrfCookieOptions, csrfTokenFor, SESSION_COOKIE, sessionCookieOptions } from '../access/authenticator';
import { UserDto } from '../users/user.dto';
import { LoginDto, LoginResponseDto, RegisterDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('identity')
@Public()
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @ApiOperation({ summary: 'Register as an applicant (entrepreneur)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'invalid fields (problem+json with errors)' })
  @ApiConflictResponse({ description: 'email-taken' })
  @ApiTooManyRequestsResponse({ description: 'too-many-registrations from this address, with Retry-After' })
  register(@Body() dto: RegisterDto, @Ip() ip: string): Promise<UserDto> {
    return this.auth.register(dto, ip);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'invalid-credentials (the same answer for an unknown email and a wrong password)' })
  @ApiTooManyRequestsResponse({ description: 'too-many-attempts, with Retry-After' })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResponseDto> {
    return this.auth.login(dto.email, dto.password, ip);
  }

  @Post('session')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Log a browser in: sets the HttpOnly, SameSite=Strict session cookie (the console and the queue dashboard read it)',
    description:
      'Same credentials, throttling and answers as login; the token goes only into the cookie, never into a URL. ' +
      'It also sets tenggat_csrf (readable by script): every cookie-authenticated request other than GET/HEAD/OPTIONS must send its value in X-CSRF-Token (403 csrf-token otherwise). Bearer-token requests need none.',
  })
  @ApiNoContentResponse({ description: 'Set-Cookie: tenggat_session (HttpOnly) and tenggat_csrf (Secure over TLS, Max-Age = token lifetime)' })
  @ApiUnauthorizedResponse({ description: 'invalid-credentials' })
  @ApiTooManyRequestsResponse({ description: 'too-many-attempts, with Retry-After' })
  async openSession(@Body() dto: LoginDto, @Ip() ip: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const { accessToken, expiresIn } = await this.auth.login(dto.email, dto.password, ip);
    res.cookie(SESSION_COOKIE, accessToken, sessionCookieOptions(req.secure, expiresIn));
    res.cookie(CSRF_COOKIE, csrfTokenFor(accessToken), csrfCookieOptions(req.secure, expiresIn));
  }

  @Delete('session')
  @HttpCode(204)
  @ApiOperation({ summary: 'Log a browser out: clears the session cookie' })
  @ApiNoContentResponse({ description: 'Set-Cookie: tenggat_session and tenggat_csrf cleared' })
  closeSession(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req.secure));
    res.clearCookie(CSRF_COOKIE, csrfCookieOptions(req.secure));
  }
}
