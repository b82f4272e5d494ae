import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/**
 * `{code}` in /v1/permit-types/{code}: a permit-type code as the definitions write them
 * (lower-case kebab-case). Anything else (NUL, unicode, very long strings) is a 400 before any
 * query runs; a well-formed unknown code is a 404.
 */
export class PermitTypeCodeParam {
  @ApiProperty({ example: 'pbg', description: 'Permit type code (lower-case kebab-case)' })
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/i, { message: 'code must be a permit type code such as "pbg"' })
  code: string;
}
