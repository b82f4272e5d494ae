import { IsOptional } from 'class-validator';
import { AgencyCodeField, EmailField, NameField, NewPasswordField, RolesField } from './user-fields';

/** An admin creates staff, ombudsman and admin accounts (applicants register themselves). */
export class CreateUserDto {
  @EmailField() email: string;
  @NewPasswordField() password: string;
  @NameField() name: string;
  @RolesField() roles: string[];
  @IsOptional() @AgencyCodeField() agencyCode?: string | null;
}
