import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
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
  @ApiOperation({ summary: 'Create a staff, ombudsman or admin account' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'email-taken' })
  @ApiUnprocessableEntityResponse({ description: 'invalid-roles, unknown-agency (problem+json with errors)' })
  async create(@CurrentUser() admin: AuthUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(admin, dto));
  }

  @Get()
  @ApiOperation({ summary: 'Users, by email, filtered by role, agency and active' })
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() q: ListUsersQuery): Promise<UserPageDto> {
    return UserDto.page(await this.users.list({ role: q.role, agency: q.agency, active: q.active }, q));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change roles, agency, name or active' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse()
  @ApiUnprocessableEntityResponse({ description: 'invalid-roles, unknown-agency, cannot-lock-out-self' })
  async update(
    @CurrentUser() admin: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.update(admin, id, dto));
  }
}
