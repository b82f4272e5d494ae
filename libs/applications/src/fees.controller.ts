import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser } from '@tenggat/identity';
import { ApiProblems } from '@tenggat/platform';
import { CaseView } from './case-views';
import { RecordPaymentDto, WaiveFeeDto } from './fees.dto';
import { FeesService } from './fees.service';

const uuid = new ParseUUIDPipe();

@ApiTags('applications')
@Controller('v1/applications/:id/fee')
export class FeesController {
  constructor(private readonly fees: FeesService) {}

  @Post('payment')
  @HttpCode(200)
  @Access('staff')
  @ApiOperation({
    operationId: 'recordFeePayment',
    summary: 'Record the payment of a case\'s fee (a reference from an external channel; no gateway)',
    description:
      'Officers and supervisors of the case\'s agency. Once: the fee must be unpaid (409 `fee-not-unpaid` otherwise). Audited as ' +
      '`fee.paid` with the reference; a transition that `requires: [feePaid]` (e.g. issuing the PBG) may then be taken.',
  })
  @ApiOkResponse({ type: CaseView, description: 'The case with its fee paid' })
  @ApiProblems(400, 404, 409)
  pay(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: RecordPaymentDto): Promise<CaseView> {
    return this.fees.pay(user, id, dto);
  }

  @Post('waiver')
  @HttpCode(200)
  @Access('staff')
  @ApiOperation({
    operationId: 'waiveFee',
    summary: 'Waive a case\'s fee, with the reason on the record',
    description: 'Officers and supervisors of the case\'s agency. Once: the fee must be unpaid (409 `fee-not-unpaid`). Audited as `fee.waived`.',
  })
  @ApiOkResponse({ type: CaseView, description: 'The case with its fee waived' })
  @ApiProblems(400, 404, 409)
  waive(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: WaiveFeeDto): Promise<CaseView> {
    return this.fees.waive(user, id, dto);
  }
}
