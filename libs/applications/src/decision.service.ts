import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@tenggat/identity';
import { DomainError } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { CaseReader } from './case-reader';
import { DecisionRecord } from './applications.views';
import { PermitEntity } from './permit.entity';

@Injectable()
export class DecisionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reader: CaseReader,
  ) {}

  async decision(user: AuthUser, id: string): Promise<DecisionRecord> {
    const app = await this.reader.load(user, id);
    const permit = await this.db.manager.findOneBy(PermitEntity, { applicationId: app.id });
    if (!permit) throw new DomainError('not-found', 'no-decision', 'No permit has been issued for this application');
    return { ...permit.decision, issuedAt: permit.issuedAt.toISOString() };
  }
}
