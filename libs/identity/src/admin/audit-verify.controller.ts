import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@tenggat/audit';
import { Access } from '../access/access.decorators';
import { VerifyAuditQuery, VerifyResultDto } from './audit-verify.dto';

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
  @ApiOperation({
    operationId: 'verifyAuditChain',
    summary: 'Walk every hash chain of the audit log and name the first broken link of each broken stream',
    description:
      'Admins and the ombudsman. Walks one stream (`stream`) or all of them to the end or to their first broken link, so a ' +
      'break in one stream never hides a break in another. A broken chain is still a 200 with `ok: false`.',
  })
  @ApiOkResponse({ type: VerifyResultDto, description: 'The outcome of the walk' })
  verify(@Query() q: VerifyAuditQuery): Promise<VerifyResultDto> {
    return this.audit.verify(q.stream);
  }
}
