import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../access/access.decorators';
import type { AuthUser } from '../access/auth-user';
import { UpdateMeDto, UserDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('identity')
@Controller('v1/me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Access('any')
  @ApiOperation({
    operationId: 'getMe',
    summary: 'The caller',
    description: 'Any signed-in user: their own account (roles, agency, active), as the token names it.',
  })
  @ApiOkResponse({ type: UserDto, description: "The caller's account" })
  async me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return UserDto.from((await this.users.findById(user.id))!);
  }

  @Patch()
  @Access('any')
  @ApiOperation({
    operationId: 'updateMe',
    summary: "The caller's own settings: the language of their emails",
    description: 'Any signed-in user. `language`: `id` (Bahasa Indonesia, the default) or `en`.',
  })
  @ApiOkResponse({ type: UserDto, description: "The caller's account" })
  async update(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<UserDto> {
    return UserDto.from(await this.users.setLanguage(user, dto.language));
  }
}
