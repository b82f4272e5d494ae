import { ApiProperty } from '@nestjs/swagger';
import { PageFields, type Page } from '@tenggat/platform';
import type { User } from './user.entity';

/** A user as the API shows it: never the password hash. */
export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'budi@usaha.test' }) email: string;
  @ApiProperty({ example: 'Budi Santoso' }) name: string;
  @ApiProperty({ type: String, nullable: true, pattern: '^\\d{13}$', description: 'Nomor Induk Berusaha (applicants)' })
  nib: string | null;
  @ApiProperty({ type: [String], example: ['verifier'], description: 'applicant, supervisor, ombudsman, admin, or officer roles named by permit types' })
  roles: string[];
  @ApiProperty({ type: String, nullable: true, example: 'dpmptsp-kota-contoh', description: 'The agency of staff; null for applicants, ombudsman and admins' })
  agencyCode: string | null;
  @ApiProperty({ description: 'An inactive account cannot log in' }) active: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;

  static from(u: User): UserDto {
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      nib: u.nib,
      roles: u.roles,
      agencyCode: u.agencyCode,
      active: u.active,
      createdAt: u.createdAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
    };
  }

  static page(p: Page<User>): UserPageDto {
    return { ...p, items: p.items.map((u) => UserDto.from(u)) };
  }
}

export class UserPageDto extends PageFields {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
}
