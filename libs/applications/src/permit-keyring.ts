import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { instanceSecret } from '@tenggat/identity';
import { AppConfig, Clock, parseSigningKey } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { PermitSigningKeyEntity } from './permit.entity';
import { PermitSigningKeyRepository } from './permit.repository';
import { keyId, publicJwk, publicKeyOf, publicKeyX, type PermitPublicJwk } from './permit-signature';

/** The name of the generated development signing key in `instance_secrets`. */
export const PERMIT_DEV_KEY_NAME = 'permit-signing-key-development';

/** A fresh Ed25519 private key, PKCS#8 DER in base64url. */
const generateDevKey = (): string =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url');

export interface ActiveSigningKey {
  kid: string;
  privateKey: KeyObject;
  origin: PermitSigningKeyEntity['origin'];
}

/**
 * The key that signs permits now, and every public key that ever signed one. PERMIT_SIGNING_KEY
 * when set; otherwise (never in production: the environment check refuses it) a development key
 * generated on first start and kept in Postgres, shared by every process of the install. At start
 * the active key's public half is published (once) so that, after a rotation, the old keys stay
 * listed and the permits they signed keep verifying.
 */
@Injectable()
export class PermitKeyring implements OnModuleInit {
  private active: ActiveSigningKey | null = null;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: PermitSigningKeyRepository,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.signingKey();
  }

  /** The key permits are signed with now. */
  async signingKey(): Promise<ActiveSigningKey> {
    if (this.active) return this.active;
    const configured = this.config.get('PERMIT_SIGNING_KEY');
    if (configured === undefined && this.config.get('NODE_ENV') === 'production')
      throw new Error('PERMIT_SIGNING_KEY must be set in production: the development signing key is refused');
    const privateKey = parseSigningKey(configured ?? (await instanceSecret(this.db, PERMIT_DEV_KEY_NAME, generateDevKey)));
    const origin = configured === undefined ? 'development' : 'configured';
    const kid = keyId(privateKey);
    await this.keys.publish({ kid, publicKey: publicKeyX(privateKey), origin }, this.clock.now());
    this.active = { kid, privateKey, origin };
    return this.active;
  }

  /** Keys a verifier may trust: all published ones; in production never a development key. */
  async publicKeys(): Promise<PermitPublicJwk[]> {
    const rows = await this.keys.all();
    return rows.filter((k) => this.trusted(k)).map((k) => publicJwk(k.publicKey, k.kid));
  }

  /** The public key with this id, if it is trusted. */
  async publicKey(kid: string): Promise<KeyObject | null> {
    const row = await this.keys.byKid(kid);
    return row && this.trusted(row) ? publicKeyOf(row.publicKey) : null;
  }

  private trusted(k: PermitSigningKeyEntity): boolean {
    return k.origin === 'configured' || this.config.get('NODE_ENV') !== 'production';
  }
}
