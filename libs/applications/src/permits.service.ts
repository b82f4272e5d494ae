import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { canonicalJson } from '@tenggat/canonical-json';
import { CatalogueService } from '@tenggat/catalogue';
import { AuthUser, isStaff } from '@tenggat/identity';
import { AppConfig, Clock, DomainError } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { CaseReader } from './case-reader';
import { caseEvent } from './case-event';
import { PermitEntity } from './permit.entity';
import { PermitRepository } from './permit.repository';
import { readPermitPdf, renderPermitPdf, verificationUrl } from './permit-document';
import { PermitKeyring } from './permit-keyring';
import { verifyPermitFields, type PermitSignature, type SignedPermitFields } from './permit-signature';
import { PermitKeySetView, PermitVerificationView, PublicPermitView } from './permits.views';

export const PERMIT_KEYS_PATH = '/.well-known/tenggat-permit-keys.json';

type SignedPermit = PermitEntity & { signedFields: SignedPermitFields; signature: PermitSignature };
const isSigned = (p: PermitEntity): p is SignedPermit => p.signedFields !== null && p.signature !== null;

const unknownPermit = (): DomainError =>
  new DomainError('not-found', 'permit-unknown', 'No permit with this number has been issued here');

/** Permits as anyone may check them: status, signed fields, the PDF, verification, revocation. */
@Injectable()
export class PermitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly permits: PermitRepository,
    private readonly reader: CaseReader,
    private readonly keyring: PermitKeyring,
    private readonly catalogue: CatalogueService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async keySet(): Promise<PermitKeySetView> {
    return { keys: await this.keyring.publicKeys() };
  }

  /** The permit of this number: valid or revoked; 404 `permit-unknown` when none was issued. */
  async publicPermit(permitNumber: string): Promise<PublicPermitView> {
    const permit = await this.permits.byNumber(permitNumber);
    if (!permit || !isSigned(permit)) throw unknownPermit();
    return this.publicView(permit);
  }

  /** Checks signed fields: the signature under a published key, then the register. */
  async verify(fields: unknown, signature: { kid: string; value: string }): Promise<PermitVerificationView> {
    const key = await this.keyring.publicKey(signature.kid);
    if (!key) return { result: 'invalid', signatureValid: false, fault: 'unknown-key', permit: null };
    if (!verifyPermitFields(fields, signature.value, key)) return { result: 'invalid', signatureValid: false, fault: 'bad-signature', permit: null };
    const number = typeof fields === 'object' && fields !== null && 'permitNumber' in fields ? fields.permitNumber : null;
    const permit = typeof number === 'string' ? await this.permits.byNumber(number) : null;
    if (!permit || !isSigned(permit)) return { result: 'unknown', signatureValid: true, fault: null, permit: null };
    // a genuine signature over other fields than the register's (only with a leaked key): not this permit
    if (canonicalJson(permit.signedFields) !== canonicalJson(fields))
      return { result: 'invalid', signatureValid: true, fault: 'differs-from-register', permit: null };
    const view = this.publicView(permit);
    return { result: view.status, signatureValid: true, fault: null, permit: view };
  }

  /** Checks a permit PDF by the signed fields and signature embedded in it. */
  async verifyPdf(bytes: Uint8Array | undefined): Promise<PermitVerificationView> {
    if (!bytes?.length) throw new DomainError('invalid', 'file-missing', 'Send the permit PDF as the multipart field "file"', { errors: [{ field: 'file', message: 'is required' }] });
    const embedded = await readPermitPdf(bytes);
    const sig = embedded?.signature;
    if (!embedded || typeof sig !== 'object' || sig === null || !('kid' in sig) || !('value' in sig) || typeof sig.kid !== 'string' || typeof sig.value !== 'string')
      throw new DomainError('unprocessable', 'not-a-tenggat-permit', 'This file is not a permit PDF issued by Tenggat (no signed fields inside)');
    return this.verify(embedded.fields, { kid: sig.kid, value: sig.value });
  }

  /** The permit PDF of a case the caller may see; 404 until a permit is issued. */
  async pdf(user: AuthUser, caseId: string): Promise<{ permitNumber: string; bytes: Uint8Array }> {
    const app = await this.reader.load(user, caseId);
    const permit = await this.permits.ofCase(app.id);
    if (!permit || !isSigned(permit)) throw new DomainError('not-found', 'no-decision', 'No permit has been issued for this application');
    const { timeZone } = await this.catalogue.agency(app.agencyCode);
    const bytes = await renderPermitPdf(permit.signedFields, permit.signature, {
      verifyUrl: this.verificationUrl(permit.permitNumber),
      timeZone,
      fieldsJson: canonicalJson(permit.signedFields),
    });
    return { permitNumber: permit.permitNumber, bytes };
  }

  /**
   * Revokes a permit (e.g. after post-issuance supervision finds a deemed-approved permit
   * non-compliant): officers and supervisors of the issuing agency, a reason required, on the
   * case's audit stream; 409 when it is revoked already.
   */
  async revoke(user: AuthUser, permitNumber: string, reason: string): Promise<PublicPermitView> {
    const permit = await this.permits.byNumber(permitNumber);
    if (!permit || !isSigned(permit)) throw unknownPermit();
    const app = await this.reader.byId(permit.applicationId);
    if (!app || !isStaff(user) || user.agency !== app.agencyCode)
      throw new DomainError('forbidden', 'not-your-agency', "Only the issuing agency's officers and supervisors may revoke this permit");
    const now = this.clock.now();
    const text = reason.trim();
    if (text.length < 5) throw new DomainError('unprocessable', 'reason-required', 'Say why the permit is revoked', { errors: [{ field: 'reason', message: 'must say why (5 characters or more)' }] });
    await this.db.transaction(async (m) => {
      if (!(await this.permits.revoke(m, permit.id, now, text, user.id)))
        throw new DomainError('conflict', 'permit-revoked', `Permit ${permitNumber} is revoked already`);
      await this.audit.append(
        m,
        caseEvent(app.id, {
          actor: { id: user.id, role: user.roles.includes('supervisor') ? 'supervisor' : (user.roles[0] ?? 'staff') },
          action: 'revoke-permit',
          entityType: 'permit',
          entityId: permit.id,
          before: { permitNumber, status: 'valid' },
          after: { permitNumber, status: 'revoked', revokedAt: now.toISOString() },
          comment: text,
          at: now,
        }),
      );
    });
    return this.publicView({ ...permit, revokedAt: now, revocationReason: text, revokedBy: user.id });
  }

  private verificationUrl(permitNumber: string): string {
    return verificationUrl(this.config.get('PUBLIC_BASE_URL'), permitNumber);
  }

  private publicView(p: SignedPermit): PublicPermitView {
    const now = this.clock.now();
    return {
      status: p.revokedAt ? 'revoked' : 'valid',
      permitNumber: p.permitNumber,
      expired: p.signedFields.validUntil !== null && new Date(p.signedFields.validUntil) < now,
      fields: p.signedFields,
      signature: p.signature,
      revocation: p.revokedAt ? { revokedAt: p.revokedAt.toISOString(), reason: p.revocationReason ?? '' } : null,
      keysUrl: `${this.config.get('PUBLIC_BASE_URL').replace(/\/+$/, '')}${PERMIT_KEYS_PATH}`,
      verificationUrl: this.verificationUrl(p.permitNumber),
    };
  }
}
