import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AUDIT_STREAM_NAME, AuditService, VerifyResult } from '@tenggat/audit';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Access } from '../access/access.decorators';

export class VerifyAuditQuery {
  @ApiPropertyOptional({ description: 'one stream only (e.g. identity, case:<uuid>); all when absent', pattern: AUDIT_STREAM_NAME.source, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(AUDIT_STREAM_NAME, { message: 'stream must name an audit stream, e.g. identity, config or case:<uuid>' })
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
  @ApiProperty({ description: 'true when no stream is broken' }) ok: boolean;
  @ApiProperty({ description: 'streams walked' }) streams: number;
  @ApiProperty({ description: 'events that verified (in a broken stream, those before its first broken link)' }) checked: number;
  @ApiProperty({ description: 'streams with a broken link' }) brokenStreams: number;
  @ApiProperty({ type: [BrokenLinkDto], description: 'the first broken link of every broken stream (at most 1000 listed)' }) broken: BrokenLinkDto[];
  @ApiPropertyOptional({ type: BrokenLinkDto, description: 'the first of broken' }) firstBroken?: BrokenLinkDto;
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
  @ApiOperation({ summary: 'Walk every hash chain of the audit log and name the first broken link of each broken stream' })
  @ApiOkResponse({ type: VerifyResultDto })
  verify(@Query() q: VerifyAuditQuery): Promise<VerifyResult> {
    return this.audit.verify(q.stream);
  }
}
