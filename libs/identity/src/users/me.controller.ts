import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../access/access.decorators';
import type { AuthUser } from '../access/auth-user';
import { UserDto } from './user.dto';
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
}
