import { ApiProperty } from '@nestjs/swagger';

const ISO = { format: 'date-time', example: '2026-03-17T03:00:00.000Z' } as const;

class SignedPermitType {
  @ApiProperty({ example: 'reklame' }) code: string;
  @ApiProperty({ example: 'Izin Penyelenggaraan Reklame' }) name: string;
  @ApiProperty({ type: 'integer', nullable: true }) version: number | null;
}

class SignedAgency {
  @ApiProperty({ example: 'dpmptsp-kota-contoh' }) code: string;
  @ApiProperty({ example: 'DPMPTSP Kota Contoh' }) name: string;
}

/** What a permit says, exactly as signed (the signature is over the canonical JSON of this object). */
export class SignedPermitFieldsView {
  @ApiProperty({ enum: [1], description: 'Layout of these fields' }) v: 1;
  @ApiProperty({ example: 'REKLAME/2026/000001' }) permitNumber: string;
  @ApiProperty({ type: String, nullable: true, example: 'REKLAME-2026-000001' }) reference: string | null;
  @ApiProperty({ example: 'Surat Izin Reklame' }) product: string;
  @ApiProperty({ type: SignedPermitType }) permitType: SignedPermitType;
  @ApiProperty({ type: SignedAgency }) agency: SignedAgency;
  @ApiProperty({ description: "The holder's name, as printed on the permit" }) holder: string;
  @ApiProperty({ description: 'What the permit allows' }) permitted: string;
  @ApiProperty(ISO) issuedAt: string;
  @ApiProperty({ type: String, nullable: true, ...ISO, description: 'null: no expiry' }) validUntil: string | null;
  @ApiProperty({ type: [String] }) legalBasis: string[];
  @ApiProperty({ description: 'Issued by operation of law (deemed approval, UU 30/2014 art. 53)' }) deemedApproval: boolean;
}

export class PermitSignatureView {
  @ApiProperty({ enum: ['EdDSA'] }) alg: 'EdDSA';
  @ApiProperty({ description: 'Key id: the RFC 7638 thumbprint of the public key in /.well-known/tenggat-permit-keys.json' }) kid: string;
  @ApiProperty({ description: 'Ed25519 signature over the canonical JSON of `fields`, base64url' }) value: string;
}

export class PermitRevocationView {
  @ApiProperty(ISO) revokedAt: string;
  @ApiProperty() reason: string;
}

/** A permit as anyone may check it. */
export class PublicPermitView {
  @ApiProperty({ enum: ['valid', 'revoked'], description: '`valid`: issued and not revoked; `revoked`: see `revocation`' }) status: 'valid' | 'revoked';
  @ApiProperty() permitNumber: string;
  @ApiProperty({ description: 'validUntil has passed (the permit is genuine but no longer in force)' }) expired: boolean;
  @ApiProperty({ type: SignedPermitFieldsView }) fields: SignedPermitFieldsView;
  @ApiProperty({ type: PermitSignatureView }) signature: PermitSignatureView;
  @ApiProperty({ type: PermitRevocationView, nullable: true }) revocation: PermitRevocationView | null;
  @ApiProperty({ description: 'Where the public keys are published', example: '/.well-known/tenggat-permit-keys.json' }) keysUrl: string;
  @ApiProperty({ description: 'The public verification page (the QR code on the PDF opens it)' }) verificationUrl: string;
}

export const VERIFICATION_RESULTS = ['valid', 'revoked', 'unknown', 'invalid'] as const;
export const VERIFICATION_FAULTS = ['unknown-key', 'bad-signature', 'differs-from-register'] as const;

/** The answer to "is this permit genuine?" for fields and a signature (or a PDF carrying them). */
export class PermitVerificationView {
  @ApiProperty({
    enum: VERIFICATION_RESULTS,
    description:
      '`valid`: the signature holds and the register has this permit, not revoked; `revoked`: genuine but revoked; ' +
      '`unknown`: the signature holds but no permit of this number is registered here; `invalid`: the signature does not hold (altered fields, unknown key)',
  })
  result: (typeof VERIFICATION_RESULTS)[number];
  @ApiProperty({ description: 'The signature is that of exactly these fields under a published key' }) signatureValid: boolean;
  @ApiProperty({ enum: VERIFICATION_FAULTS, nullable: true, type: String }) fault: (typeof VERIFICATION_FAULTS)[number] | null;
  @ApiProperty({ type: PublicPermitView, nullable: true, description: 'The registered permit, when the signature holds and it is known' })
  permit: PublicPermitView | null;
}

export class PermitPublicKeyView {
  @ApiProperty({ enum: ['OKP'] }) kty: 'OKP';
  @ApiProperty({ enum: ['Ed25519'] }) crv: 'Ed25519';
  @ApiProperty({ description: 'The raw public key, base64url' }) x: string;
  @ApiProperty() kid: string;
  @ApiProperty({ enum: ['EdDSA'] }) alg: 'EdDSA';
  @ApiProperty({ enum: ['sig'] }) use: 'sig';
}

/** Every public key that signs or has signed permits (a JSON Web Key Set). */
export class PermitKeySetView {
  @ApiProperty({ type: [PermitPublicKeyView] }) keys: PermitPublicKeyView[];
}
