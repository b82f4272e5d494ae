import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@tenggat/identity';
import { ApiProblems } from '@tenggat/platform';
import { DashboardQuery } from './dashboard.dto';
import { DashboardReadModel } from './dashboard.read-model';
import { DashboardView } from './dashboard.views';

@ApiTags('oversight')
@Controller('v1/oversight')
export class DashboardController {
  constructor(private readonly dashboards: DashboardReadModel) {}

  @Get('dashboard')
  @Access('ombudsman', 'admin')
  @ApiProblems(400)
  @ApiOperation({
    operationId: 'getOversightDashboard',
    summary: "The ombudsman dashboard's figures, charts and lists for one period and filter",
    description:
      'The ombudsman and admins only (others 403). For the last `months` months (WIB, the current one included) and the ' +
      'agency, permit type and zone filters: on-time rate, median and p90 working days with stopped time apart, breaches, ' +
      'escalations, deemed approvals, deficiency notices per case and the share at the cap, complaints by the 10 ' +
      'maladministration categories, compensation owed, the monthly trend, the agency ranking, the breach age buckets ' +
      'of the open overdue cases and the deemed approvals awaiting post-issuance supervision. Each figure says in the ' +
      'schema which cases it counts.',
  })
  @ApiOkResponse({ type: DashboardView, description: 'The dashboard' })
  dashboard(@Query() q: DashboardQuery): Promise<DashboardView> {
    return this.dashboards.dashboard(q);
  }
}
