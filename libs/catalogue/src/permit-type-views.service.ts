import { Injectable } from '@nestjs/common';
import { pageOf, PageQuery } from '@tenggat/platform';
import { CatalogueService } from './catalogue.service';
import { DeadlineTimingService } from './deadline-timing.service';
import { detailOf, PermitTypeDetail, PermitTypePage, summaryOf } from './permit-type.views';

/** The public permit-type resources, each with the calendar and zone of its deadlines. */
@Injectable()
export class PermitTypeViews {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly timing: DeadlineTimingService,
  ) {}

  async page(q: PageQuery): Promise<PermitTypePage> {
    const { items, total } = await this.catalogue.list(q);
    const views = await Promise.all(items.map(async (p) => summaryOf(p, await this.timing.ofAgency(p.definition.agency))));
    return pageOf(views, total, q);
  }

  async detail(code: string): Promise<PermitTypeDetail> {
    const p = await this.catalogue.current(code);
    return detailOf(p, await this.timing.ofAgency(p.definition.agency));
  }
}
