import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '../access/access.decorators';
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
}
