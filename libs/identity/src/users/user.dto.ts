import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
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
  @ApiProperty({ enum: ['id', 'en'], example: 'id', description: 'Language of emails and notifications: Bahasa Indonesia (default) or English' })
  language: string;
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
      language: u.language ?? 'id',
      createdAt: u.createdAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
    };
  }

  static page(p: Page<User>): UserPageDto {
    return { ...p, items: p.items.map((u) => UserDto.from(u)) };
  }
}

/** The caller's own settings. */
export class UpdateMeDto {
  @ApiProperty({ enum: ['id', 'en'], description: 'Language of emails and notifications' })
  @IsIn(['id', 'en'], { message: 'language must be id (Bahasa Indonesia) or en (English)' })
  language: 'id' | 'en';
}

export class UserPageDto extends PageFields {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
}
