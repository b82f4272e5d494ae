import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '@tenggat/platform';
import type { User } from './user.entity';

/** A user as the API shows it: never the password hash. */
export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'budi@usaha.test' }) email: string;
  @ApiProperty({ example: 'Budi Santoso' }) name: string;
  @ApiProperty({ type: String, nullable: true, pattern: '^\\d{13}$', description: 'Nomor Induk Berusaha (applicants)' })
  nib: string | null;
  @ApiProperty({ type: [String], example: ['verifier'] }) roles: string[];
  @ApiProperty({ type: String, nullable: true, example: 'dpmptsp-kota-contoh' }) agencyCode: string | null;
  @ApiProperty() active: boolean;
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

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}
