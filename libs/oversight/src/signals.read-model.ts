import { DAY_MS as DAY } from '@tenggat/calendar';
import { Injectable } from '@nestjs/common';
import { ReadReplica } from '@tenggat/platform';
import { CatalogueService } from '@tenggat/catalogue';
import { LastDayNoticeSignal, MaxedNoticesSignal, ReassignedSignal, SignalsView } from './oversight.views';

/** As the query answers it: the stop instant is a Date until it is written out. */
type LastDayRow = Omit<LastDayNoticeSignal, 'stoppedAt'> & { stoppedAt: Date };

/** Patterns worth an ombudsman's second look; each list is capped and ordered by severity. */
@Injectable()
export class SignalsReadModel {
  constructor(
    private readonly replica: ReadReplica,
    private readonly catalogue: CatalogueService,
  ) {}

  async signals(agency: string | undefined, limit = 100): Promise<SignalsView> {
    const items = await this.catalogue.all();
    const caps = items.map((t) => [t.code, t.definition.deficiencyNotices.max] as const).filter(([, max]) => max > 0);
    // each query numbers its own parameters: $1 the limit, $2 the agency when filtered
    const base: unknown[] = agency ? [limit, agency] : [limit];
    const agencyCond = agency ? 'AND a.agency_code = $2' : '';
    const capParams = [...base];
    const capValues = caps.length
      ? `(VALUES ${caps.map(([c, m]) => `($${capParams.push(c)}::text, $${capParams.push(m)}::int)`).join(', ')})`
      : `(SELECT NULL::text, 0 WHERE false)`;
    const [maxed, lastDay, reassigned] = await Promise.all([
      this.replica.query<MaxedNoticesSignal[]>(
        `SELECT a.id, a.reference, a.agency_code AS agency, a.permit_type_code AS "permitType", a.deficiency_notices AS "deficiencyNotices", cap.max AS "cap", a.status
         FROM applications a JOIN ${capValues} AS cap(code, max) ON cap.code = a.permit_type_code
         WHERE a.deficiency_notices >= cap.max ${agencyCond}
         ORDER BY a.submitted_at DESC LIMIT $1`,
        capParams,
      ),
      this.replica.query<LastDayRow[]>(
        `SELECT a.id, a.reference, a.agency_code AS agency, a.permit_type_code AS "permitType", e.at AS "stoppedAt",
                round(e.remaining_ms / ${DAY}.0, 2)::float8 AS "remainingWorkingDays", e.actor_id AS "actorId", e.reason
         FROM clock_events e JOIN applications a ON a.id = e.application_id
         WHERE e.clock_kind = 'statutory' AND e.kind = 'stop' AND e.remaining_ms <= ${DAY} ${agencyCond}
         ORDER BY e.at DESC LIMIT $1`,
        base,
      ),
      this.replica.query<ReassignedSignal[]>(
        `SELECT a.id, a.reference, a.agency_code AS agency, a.permit_type_code AS "permitType", a.reassignments, a.status
         FROM applications a WHERE a.reassignments >= 3 ${agencyCond}
         ORDER BY a.reassignments DESC, a.id LIMIT $1`,
        base,
      ),
    ]);
    return {
      maxDeficiencyNotices: maxed,
      deficiencyNoticeInLastWorkingDay: lastDay.map((r) => ({ ...r, stoppedAt: r.stoppedAt.toISOString() })),
      reassignedManyTimes: reassigned,
    };
  }
}
