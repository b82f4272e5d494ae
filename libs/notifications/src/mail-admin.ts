import { Controller, Get, Injectable, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Access } from '@tenggat/identity';
import { DomainError, PageFields, PageQuery } from '@tenggat/platform';
import { IsEmail, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { MailRepository } from './mail.repository';
import type { MailMessageEntity } from './notification.entities';

export class MailQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "One case's mail" })
  @IsOptional()
  @IsUUID('all')
  caseId?: string;

  @ApiPropertyOptional({ example: 'budi@usaha.test', description: "One recipient's mail" })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  to?: string;

  @ApiPropertyOptional({ enum: ['pending', 'sent', 'recorded', 'dead'] })
  @IsOptional()
  @IsIn(['pending', 'sent', 'recorded', 'dead'])
  status?: 'pending' | 'sent' | 'recorded' | 'dead';
}

export class MailView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'budi@usaha.test' }) to: string;
  @ApiProperty({ enum: ['id', 'en'] }) language: string;
  @ApiProperty({ example: 'application.deficiency-notice-sent', description: 'The event type it tells of, or officer.digest' }) template: string;
  @ApiProperty({ example: 'Permohonan REKLAME-2026-000001: dokumen perlu dilengkapi' }) subject: string;
  @ApiProperty({ description: 'The plain-text body, exactly as sent (or as it would have been)' }) bodyText: string;
  @ApiProperty({ enum: ['pending', 'sent', 'recorded', 'dead'], description: 'recorded: no SMTP_URL is configured, so it was kept here instead of sent' })
  status: string;
  @ApiProperty({ minimum: 0 }) attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) caseId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The event it tells of' }) eventId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;

  static from(x: MailMessageEntity): MailView {
    return {
      id: x.id,
      to: x.toAddress,
      language: x.language,
      template: x.template,
      subject: x.subject,
      bodyText: x.bodyText,
      status: x.status,
      attempts: x.attempts,
      lastError: x.lastError,
      caseId: x.caseId,
      eventId: x.eventId,
      createdAt: x.createdAt.toISOString(),
      sentAt: x.sentAt?.toISOString() ?? null,
    };
  }
}

export class MailPage extends PageFields {
  @ApiProperty({ type: [MailView], description: 'Newest first' }) items: MailView[];
}

@Injectable()
export class MailAdminService {
  constructor(private readonly mail: MailRepository) {}

  async list(q: MailQuery): Promise<MailPage> {
    const [rows, total] = await this.mail.list({ caseId: q.caseId, to: q.to, status: q.status, offset: q.offset, limit: q.pageSize });
    return { items: rows.map((x) => MailView.from(x)), page: q.page, pageSize: q.pageSize, total };
  }

  async get(id: string): Promise<MailView> {
    const x = await this.mail.get(id);
    if (!x) throw new DomainError('not-found', 'mail-not-found', `Mail ${id} was not found`);
    return MailView.from(x);
  }
}

@ApiTags('admin')
@Controller('v1/admin/mail')
@Access('admin')
export class MailAdminController {
  constructor(private readonly mail: MailAdminService) {}

  @Get()
  @ApiOperation({
    operationId: 'listMail',
    summary: 'Email sent, waiting, or recorded (with no SMTP_URL) by Tenggat',
    description: 'Admins only. With no SMTP_URL configured every email is recorded here instead of sent, so what would have been sent can be read.',
  })
  @ApiOkResponse({ type: MailPage })
  list(@Query() q: MailQuery): Promise<MailPage> {
    return this.mail.list(q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getMail', summary: 'One email with its body', description: 'Admins only.' })
  @ApiOkResponse({ type: MailView })
  get(@Param('id', new ParseUUIDPipe({ version: undefined })) id: string): Promise<MailView> {
    return this.mail.get(id);
  }
}
