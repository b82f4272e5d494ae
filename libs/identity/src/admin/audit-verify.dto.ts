import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_STREAM_NAME, BrokenLinkReason } from '@tenggat/audit';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class VerifyAuditQuery {
  @ApiPropertyOptional({ description: 'one stream only (e.g. identity, case:<uuid>); all when absent', pattern: AUDIT_STREAM_NAME.source, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(AUDIT_STREAM_NAME, { message: 'stream must name an audit stream, e.g. identity, config or case:<uuid>' })
  stream?: string;
}

const BROKEN_LINK_REASONS: BrokenLinkReason[] = ['sequence-gap', 'prev-hash-mismatch', 'hash-mismatch'];

export class BrokenLinkDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Global sequence number of the first event of its stream that does not verify' }) seq: number;
  @ApiProperty({ example: 'case:5f0c4a2e-6a4b-4bb3-9a43-3f1a4c1d2e7f' }) stream: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Its number within the stream' }) streamSeq: number;
  @ApiProperty({ enum: BROKEN_LINK_REASONS }) reason: BrokenLinkReason;
  @ApiProperty({ description: 'What does not match, for a person' }) detail: string;
}

export class VerifyResultDto {
  @ApiProperty({ description: 'true when no stream is broken' }) ok: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'streams walked' }) streams: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'events that verified (in a broken stream, those before its first broken link)' }) checked: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'streams with a broken link' }) brokenStreams: number;
  @ApiProperty({ type: [BrokenLinkDto], description: 'the first broken link of every broken stream (at most 1000 listed)' }) broken: BrokenLinkDto[];
  @ApiPropertyOptional({ type: BrokenLinkDto, description: 'the first of broken' }) firstBroken?: BrokenLinkDto;
}
