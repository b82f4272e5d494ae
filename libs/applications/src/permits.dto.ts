import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNotEmptyObject, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

export class PermitSignatureDto {
  @ApiPropertyOptional({ enum: ['EdDSA'] })
  @IsOptional()
  @IsIn(['EdDSA'])
  alg?: 'EdDSA';

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  kid: string;

  @ApiProperty({ maxLength: 200, description: 'base64url' })
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'value must be base64url' })
  value: string;
}

/** Signed fields and their signature, as shown by `GET /v1/public/permits/{number}` or carried by a PDF. */
export class VerifyPermitDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The signed fields, as published (any key order)' })
  @IsDefined()
  @IsObject()
  @IsNotEmptyObject()
  fields: Record<string, unknown>;

  @ApiProperty({ type: PermitSignatureDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PermitSignatureDto)
  signature: PermitSignatureDto;
}

export class VerifyPermitPdfDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'A permit PDF as issued (at most 5 MiB)' })
  file: unknown;
}

export class RevokePermitDto {
  @ApiProperty({ minLength: 5, maxLength: 2000, description: 'Why, for the record and the public verification page', example: 'Pengawasan pasca-terbit: lokasi tidak sesuai' })
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  reason: string;
}
