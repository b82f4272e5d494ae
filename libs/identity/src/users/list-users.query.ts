import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@tenggat/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ROLE_NAME } from '../access/auth-user';

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'verifier' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(ROLE_NAME)
  role?: string;

  @ApiPropertyOptional({ example: 'dpmptsp-kota-contoh' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(ROLE_NAME, { message: 'agency must be a kebab-case code' })
  agency?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}
