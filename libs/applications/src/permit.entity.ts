import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { DecisionRecord } from './applications.views';
import type { PermitSignature, SignedPermitFields } from './permit-signature';

/** The permit issued when a case reaches an approving final state. */
@Entity('permits')
@Index('idx_permits_application', ['applicationId'], { unique: true })
@Index('idx_permits_number', ['permitNumber'], { unique: true })
export class PermitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('text', { name: 'permit_number' })
  permitNumber: string;

  @Column('timestamptz', { name: 'issued_at' })
  issuedAt: Date;

  @Column('timestamptz', { name: 'valid_until', nullable: true })
  validUntil: Date | null;

  @Column('boolean', { name: 'deemed_approval', default: false })
  deemedApproval: boolean;

  /** The decision record the applicant downloads. */
  @Column('jsonb')
  decision: Omit<DecisionRecord, 'issuedAt'>;

  /** What the permit says, as signed (null only for permits issued before permits were signed). */
  @Column('jsonb', { name: 'signed_fields', nullable: true })
  signedFields: SignedPermitFields | null;

  /** The Ed25519 signature over the canonical JSON of `signedFields`, with its key id. */
  @Column('jsonb', { nullable: true })
  signature: PermitSignature | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('text', { name: 'revocation_reason', nullable: true })
  revocationReason: string | null;

  @Column('uuid', { name: 'revoked_by', nullable: true })
  revokedBy: string | null;
}

/**
 * Every public key that has signed permits, by key id: published at
 * `/.well-known/tenggat-permit-keys.json` for as long as a permit it signed may be checked, so
 * keys rotate without old permits ceasing to verify. Written once per key, never updated.
 */
@Entity('permit_signing_keys')
export class PermitSigningKeyEntity {
  @PrimaryColumn('text', { name: 'kid' })
  kid: string;

  /** The raw Ed25519 public key, base64url (the JWK `x`). */
  @Column('text', { name: 'public_key' })
  publicKey: string;

  /** `configured` (PERMIT_SIGNING_KEY) or `development` (generated; never trusted in production). */
  @Column('text')
  origin: 'configured' | 'development';

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}

/** Per permit type and year: the last reference number handed out (gaps allowed). */
@Entity('reference_counters')
export class ReferenceCounterEntity {
  @Column('text', { primary: true, name: 'scope' })
  scope: string;

  @Column('int', { primary: true })
  year: number;

  @Column('int', { name: 'last_value' })
  lastValue: number;
}

/** Remembered answers for Idempotency-Key, per user and operation. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @Column('uuid', { primary: true, name: 'user_id' })
  userId: string;

  @Column('text', { primary: true })
  scope: string;

  @Column('text', { primary: true })
  key: string;

  @Column('int', { name: 'status_code' })
  statusCode: number;

  @Column('jsonb')
  response: unknown;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
