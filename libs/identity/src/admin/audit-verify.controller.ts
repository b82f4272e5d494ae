import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AuditService, VerifyResult } from '@tenggat/audit';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Access } from '../access/access.decorators';

export class VerifyAuditQuery {
  @ApiPropertyOptional({ description: 'one stream only (e.g. identity, case:<uuid>); all when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  stream?: string;
}

export class BrokenLinkDto {
  @ApiProperty() seq: number;
  @ApiProperty() stream: string;
  @ApiProperty() streamSeq: number;
  @ApiProperty({ enum: ['sequence-gap', 'prev-hash-mismatch', 'hash-mismatch'] }) reason: string;
  @ApiProperty() detail: string;
}

export class VerifyResultDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'events that verified' }) checked: number;
  @ApiPropertyOptional({ type: BrokenLinkDto }) firstBroken?: BrokenLinkDto;
}

/**
 * The audit log's integrity check. It lives here rather than in libs/audit because the audit
 * log sits below identity: audit must not depend on the access decorators.
 */
@ApiTags('admin')
@Access('admin', 'ombudsman')
@Controller('v1/admin/audit')
export class AuditVerifyController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @ApiOperation({ summary: 'Walk the hash chains of the audit log and name the first broken link' })
  @ApiOkResponse({ type: VerifyResultDto })
  verify(@Query() q: VerifyAuditQuery): Promise<VerifyResult> {
    return this.audit.verify(q.stream);
  }
}
