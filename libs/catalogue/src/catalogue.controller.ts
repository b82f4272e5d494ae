import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@tenggat/identity';
import { Page, PageQuery } from '@tenggat/platform';
import { toMermaid } from '@tenggat/workflow';
import { PermitTypeCodeParam } from './catalogue.dto';
import { CatalogueService } from './catalogue.service';
import { PermitTypeViews } from './permit-type-views.service';
import { PermitTypeDetail, PermitTypeSummary, PermitTypeVersionView } from './permit-type.views';

@ApiTags('permit-types')
@Public()
@Controller('v1/permit-types')
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly views: PermitTypeViews,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Permit types with their service standard summary, calendar and time zone (public)' })
  list(@Query() q: PageQuery): Promise<Page<PermitTypeSummary>> {
    return this.views.page(q);
  }

  @Get(':code')
  @ApiOperation({ summary: 'The service standard of a permit type: requirements, procedure, time, fee, states, calendar and time zone' })
  @ApiOkResponse({ type: PermitTypeDetail })
  get(@Param() p: PermitTypeCodeParam): Promise<PermitTypeDetail> {
    return this.views.detail(p.code);
  }

  @Get(':code/versions')
  @ApiOperation({ summary: 'Published versions with their content hash' })
  @ApiOkResponse({ type: [PermitTypeVersionView] })
  async versions(@Param() p: PermitTypeCodeParam): Promise<PermitTypeVersionView[]> {
    return (await this.catalogue.versionsOf(p.code)).map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() }));
  }

  @Get(':code/diagram')
  @Header('Content-Type', 'text/vnd.mermaid; charset=utf-8')
  @ApiProduces('text/vnd.mermaid')
  @ApiOperation({ summary: 'The workflow as a Mermaid stateDiagram-v2' })
  @ApiOkResponse({ schema: { type: 'string' } })
  async diagram(@Param() p: PermitTypeCodeParam): Promise<string> {
    return toMermaid((await this.catalogue.current(p.code)).definition);
  }
}
