import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../access/access.decorators';
import type { AuthUser } from '../access/auth-user';
import { UsersService } from './users.service';

export class StaffMemberDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: [String] }) roles: string[];
}

@ApiTags('identity')
@Controller('v1/staff')
export class StaffController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Access('staff')
  @ApiOperation({
    operationId: 'listStaff',
    summary: "The active officers and supervisors of the caller's agency",
    description: 'Officers and supervisors. Who holds a case, who acted on it, and who can be assigned (the console shows names, not ids).',
  })
  @ApiOkResponse({ type: [StaffMemberDto] })
  list(@CurrentUser() user: AuthUser): Promise<StaffMemberDto[]> {
    return this.users.findStaff(user.agency ?? '');
  }
}
