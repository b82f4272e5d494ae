import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { AgencyCodeField, NameField, RolesField } from './user-fields';

/** Absent fields stay as they are; `agencyCode: null` removes the agency. */
export class UpdateUserDto {
  @IsOptional() @RolesField(false) roles?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @IsOptional() @NameField(false) name?: string;
  @IsOptional() @AgencyCodeField() agencyCode?: string | null;
}
