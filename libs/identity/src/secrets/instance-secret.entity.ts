import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Secrets an installation generates for itself on first start (the JWT signing key when
 * JWT_SECRET is not set), so every API and worker process of the install shares them and
 * they survive restarts. Written once (INSERT ... ON CONFLICT DO NOTHING), never updated.
 */
@Entity('instance_secrets')
export class InstanceSecret {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_instance_secrets' })
  name: string;

  @Column('text')
  value: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
