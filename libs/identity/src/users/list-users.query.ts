import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@tenggat/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ROLE_NAME } from '../access/auth-user';

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'verifier', pattern: ROLE_NAME.source, maxLength: 100, description: 'Only accounts with this role' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(ROLE_NAME)
  role?: string;

  @ApiPropertyOptional({ example: 'dpmptsp-kota-contoh', pattern: ROLE_NAME.source, maxLength: 100, description: 'Only accounts of this agency' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(ROLE_NAME, { message: 'agency must be a kebab-case code' })
  agency?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Only active (true) or inactive (false) accounts' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}
