import { Injectable } from '@nestjs/common';
import { AuthUser } from '@tenggat/identity';
import { SupervisionReadModel } from '@tenggat/oversight';
import { Page, PageQuery } from '@tenggat/platform';
import { SupervisionItem } from './sla-http.dto';

/** Post-issuance supervision of the caller's agency: the report is oversight's (SupervisionReadModel). */
@Injectable()
export class SupervisionService {
  constructor(private readonly supervision: SupervisionReadModel) {}

  async list(user: AuthUser, q: PageQuery): Promise<Page<SupervisionItem>> {
    return this.supervision.page(user.agency, q);
  }
}
