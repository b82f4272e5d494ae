import { Injectable } from '@nestjs/common';
import { AuthUser } from '@tenggat/identity';
import { DomainError } from '@tenggat/platform';
import { CaseReader } from './case-reader';
import { DecisionRecord } from './applications.views';
import { PermitRepository } from './permit.repository';

@Injectable()
export class DecisionService {
  constructor(
    private readonly permits: PermitRepository,
    private readonly reader: CaseReader,
  ) {}

  async decision(user: AuthUser, id: string): Promise<DecisionRecord> {
    const app = await this.reader.load(user, id);
    const permit = await this.permits.ofCase(app.id);
    if (!permit) throw new DomainError('not-found', 'no-decision', 'No permit has been issued for this application');
    return { ...permit.decision, issuedAt: permit.issuedAt.toISOString() };
  }
}
