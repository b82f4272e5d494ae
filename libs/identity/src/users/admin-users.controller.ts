import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../access/access.decorators';
import type { AuthUser } from '../access/auth-user';
import { CreateUserDto } from './create-user.dto';
import { ListUsersQuery } from './list-users.query';
import { UpdateUserDto } from './update-user.dto';
import { UserDto, UserPageDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('admin')
@Access('admin')
@Controller('v1/admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({
    operationId: 'createUser',
    summary: 'Create a staff, ombudsman or admin account',
    description:
      'Admins only. Staff (officer roles, supervisor) need an agency of the directory; ombudsman and admin have none. ' +
      'Answers the new account. 409 `email-taken`; 422 `invalid-roles` or `unknown-agency` with per-field errors.',
  })
  @ApiCreatedResponse({ type: UserDto, description: 'The new account' })
  @ApiResponse({ status: 409, description: 'email-taken: an account with this email already exists' })
  @ApiResponse({ status: 422, description: 'invalid-roles or unknown-agency (per-field `errors`)' })
  async create(@CurrentUser() admin: AuthUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(admin, dto));
  }

  @Get()
  @ApiOperation({
    operationId: 'listUsers',
    summary: 'Users, by email, filtered by role, agency and active',
    description: 'Admins only. One page of accounts ordered by email; every filter is optional.',
  })
  @ApiOkResponse({ type: UserPageDto, description: 'One page of accounts' })
  async list(@Query() q: ListUsersQuery): Promise<UserPageDto> {
    return UserDto.page(await this.users.list({ role: q.role, agency: q.agency, active: q.active }, q));
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateUser',
    summary: 'Change roles, agency, name or active',
    description:
      'Admins only. Absent fields stay as they are; `agencyCode: null` removes the agency. Answers the account as changed. ' +
      '404 when no such account; 422 `invalid-roles`, `unknown-agency` or `cannot-lock-out-self` (an admin cannot remove their own admin role or deactivate themselves).',
  })
  @ApiOkResponse({ type: UserDto, description: 'The account as changed' })
  @ApiResponse({ status: 422, description: 'invalid-roles, unknown-agency or cannot-lock-out-self (per-field `errors`)' })
  async update(
    @CurrentUser() admin: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.update(admin, id, dto));
  }
}
