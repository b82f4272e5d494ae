import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser, Public } from '@tenggat/identity';
import { ApiProblems } from '@tenggat/platform';
import type { Response } from 'express';
import { memoryStorage } from 'multer';
import { RevokePermitDto, VerifyPermitDto, VerifyPermitPdfDto } from './permits.dto';
import { PermitsService } from './permits.service';
import { PermitKeySetView, PermitVerificationView, PublicPermitView } from './permits.views';

const MAX_PDF_BYTES = 5 * 1024 * 1024;

@ApiTags('public')
@Public()
@Controller('v1/public/permits')
export class PublicPermitsController {
  constructor(private readonly permits: PermitsService) {}

  @Get(':number')
  @ApiOperation({
    operationId: 'getPublicPermit',
    summary: 'Is this permit genuine? Its status (valid or revoked, with date and reason) and its signed fields',
    description:
      'Anyone may call it (the QR code on a permit opens the page that calls it). The permit number goes in the path URL-encoded ' +
      '(`REKLAME%2F2026%2F000001`). 200 for an issued permit: `status` valid or revoked, the signed fields, the Ed25519 signature ' +
      'and its key id (keys at /.well-known/tenggat-permit-keys.json). A number never issued here is 404 `permit-unknown`.',
  })
  @ApiOkResponse({ type: PublicPermitView, description: 'An issued permit: valid or revoked' })
  @ApiProblems(400, 404)
  get(@Param('number') permitNumber: string): Promise<PublicPermitView> {
    return this.permits.publicPermit(permitNumber);
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'verifyPermit',
    summary: 'Check signed permit fields and their signature',
    description:
      '`valid` or `revoked` when the signature is that of exactly these fields under a published key and the register has the permit; ' +
      '`unknown` when the signature holds but the number is not registered here; `invalid` (with the fault) when any field was altered or the key is unknown.',
  })
  @ApiOkResponse({ type: PermitVerificationView })
  @ApiProblems(400)
  verify(@Body() dto: VerifyPermitDto): Promise<PermitVerificationView> {
    return this.permits.verify(dto.fields, dto.signature);
  }

  @Post('verify-pdf')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { storage: memoryStorage(), limits: { fileSize: MAX_PDF_BYTES, files: 1, fields: 2, parts: 3 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: VerifyPermitPdfDto })
  @ApiOperation({
    operationId: 'verifyPermitPdf',
    summary: 'Check a permit PDF by the signed fields and signature embedded in it',
    description: 'The same answer as verifyPermit for the fields the PDF carries; a PDF whose fields were altered is `invalid`. 422 `not-a-tenggat-permit` for a file without them.',
  })
  @ApiOkResponse({ type: PermitVerificationView })
  @ApiProblems(400, 413, 422)
  verifyPdf(@UploadedFile() file: Express.Multer.File | undefined): Promise<PermitVerificationView> {
    return this.permits.verifyPdf(file?.buffer);
  }
}

@ApiTags('public')
@Public()
@Controller('.well-known')
export class PermitKeysController {
  constructor(private readonly permits: PermitsService) {}

  @Get('tenggat-permit-keys.json')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({
    operationId: 'getPermitKeys',
    summary: 'The public keys that sign permits (JSON Web Key Set, Ed25519, by key id)',
    description: 'Every key that has signed a permit stays listed after a rotation, so old permits keep verifying. A signature names its key by `kid`.',
  })
  @ApiOkResponse({ type: PermitKeySetView, description: 'The key set' })
  @ApiProblems(400)
  keys(): Promise<PermitKeySetView> {
    return this.permits.keySet();
  }
}

@ApiTags('applications')
@Controller('v1')
export class PermitsController {
  constructor(private readonly permits: PermitsService) {}

  @Get('applications/:id/permit.pdf')
  @Access('applicant', 'staff', 'ombudsman')
  @ApiOperation({
    operationId: 'downloadPermitPdf',
    summary: 'The permit as a signed PDF with its verification QR code',
    description: 'Visible to the applicant, the staff of the agency and the ombudsman; 404 until a permit is issued.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The permit PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(404)
  async pdf(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { permitNumber, bytes } = await this.permits.pdf(user, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="izin-${permitNumber.replace(/[^\w.-]/g, '_')}.pdf"`);
    return new StreamableFile(Buffer.from(bytes));
  }

  @Post('permits/:number/revocation')
  @HttpCode(200)
  @Access('staff')
  @ApiOperation({
    operationId: 'revokePermit',
    summary: 'Revoke a permit (the issuing agency), with a reason shown on verification',
    description:
      "Officers and supervisors of the issuing agency (403 for anyone else), e.g. after post-issuance supervision finds a deemed-approved permit non-compliant. On the case's audit stream; 409 `permit-revoked` when it is revoked already.",
  })
  @ApiOkResponse({ type: PublicPermitView })
  @ApiProblems(404, 409, 422)
  revoke(@CurrentUser() user: AuthUser, @Param('number') permitNumber: string, @Body() dto: RevokePermitDto): Promise<PublicPermitView> {
    return this.permits.revoke(user, permitNumber, dto.reason);
  }
}
