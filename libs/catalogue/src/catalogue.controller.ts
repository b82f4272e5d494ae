import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@tenggat/identity';
import { PageQuery } from '@tenggat/platform';
import { toMermaid } from '@tenggat/workflow';
import { PermitTypeCodeParam } from './catalogue.dto';
import { CatalogueService } from './catalogue.service';
import { PermitTypeViews } from './permit-type-views.service';
import { PermitTypeDetail, PermitTypePage, PermitTypeVersionView } from './permit-type.views';

@ApiTags('permit-types')
@Public()
@Controller('v1/permit-types')
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly views: PermitTypeViews,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listPermitTypes',
    summary: 'Permit types with their service standard summary, calendar and time zone (public)',
    description: 'Anyone may call it. One page of the published permit types, by code, each at its version in force.',
  })
  @ApiOkResponse({ type: PermitTypePage, description: 'One page of permit types' })
  list(@Query() q: PageQuery): Promise<PermitTypePage> {
    return this.views.page(q);
  }

  @Get(':code')
  @ApiOperation({
    operationId: 'getPermitType',
    summary: 'The service standard of a permit type: requirements, procedure, time, fee, states, calendar and time zone',
    description:
      'Anyone may call it. The version in force, in full: what to upload, the form, the fee, the statutory time and what ' +
      'happens when it runs out, and the workflow (states and transitions). 404 `permit-type-not-found`.',
  })
  @ApiOkResponse({ type: PermitTypeDetail, description: 'The permit type at its version in force' })
  get(@Param() p: PermitTypeCodeParam): Promise<PermitTypeDetail> {
    return this.views.detail(p.code);
  }

  @Get(':code/versions')
  @ApiOperation({
    operationId: 'listPermitTypeVersions',
    summary: 'Published versions with their content hash',
    description: 'Anyone may call it. Every published version, newest first; a case stays on the version it was submitted under.',
  })
  @ApiOkResponse({ type: [PermitTypeVersionView], description: 'The versions, newest first' })
  async versions(@Param() p: PermitTypeCodeParam): Promise<PermitTypeVersionView[]> {
    return (await this.catalogue.versionsOf(p.code)).map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() }));
  }

  @Get(':code/diagram')
  @Header('Content-Type', 'text/vnd.mermaid; charset=utf-8')
  @ApiProduces('text/vnd.mermaid')
  @ApiOperation({
    operationId: 'getPermitTypeDiagram',
    summary: 'The workflow as a Mermaid stateDiagram-v2',
    description: 'Anyone may call it. The states and transitions of the version in force as Mermaid text (render it with any Mermaid viewer).',
  })
  @ApiOkResponse({
    description: 'Mermaid source, UTF-8',
    schema: { type: 'string', example: 'stateDiagram-v2\n  state "verification" as s_verification\n  [*] --> s_verification\n' },
  })
  async diagram(@Param() p: PermitTypeCodeParam): Promise<string> {
    return toMermaid((await this.catalogue.current(p.code)).definition);
  }
}
