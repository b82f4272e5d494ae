import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** A payment made through an external channel (bank, the regional treasury's billing, a BPD teller): no gateway here. */
export class RecordPaymentDto {
  @ApiProperty({ example: 'SKRD-2026-000123/BPD-7781', description: 'The reference the channel gave the payment' })
  @IsString()
  @MinLength(3)
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ./:_-]*$/, { message: 'reference may hold letters, digits, spaces and . / : _ -' })
  reference: string;

  @ApiPropertyOptional({ example: 'bank-bpd', description: 'Which channel (free text, e.g. bank-bpd, simponi, teller)' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  channel?: string;
}

export class WaiveFeeDto {
  @ApiProperty({ example: 'Bangunan sosial: dibebaskan menurut Perda (contoh)', description: 'Why the fee is waived (on the record)' })
  @IsString()
  @MinLength(5)
  @MaxLength(1000)
  reason: string;
}
