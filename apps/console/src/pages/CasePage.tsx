import { Anchor, Grid, Stack } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { ActionsPanel } from '../case/ActionsPanel';
import { CaseHeader } from '../case/CaseHeader';
import { ClockRibbon } from '../case/ClockRibbon';
import { Documents, FormData } from '../case/Documents';
import { PermitPanel } from '../case/PermitPanel';
import { useCase, usePermitType, useStaff, useTimeline } from '../case/queries';
import { Timeline } from '../case/Timeline';
import { ErrorAlert } from '../components/ErrorAlert';
import { useI18n } from '../i18n';
import { useLiveCase } from '../live';
import { useMe } from '../session';

/** One case: header, clock ribbon, documents and form, timeline, and what I may do. */
export default function CasePage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const { data: me } = useMe();
  const c = useCase(id);
  const timeline = useTimeline(id);
  const staff = useStaff();
  const permitType = usePermitType(c.data?.permitType.code);
  useLiveCase(id); // a colleague's action or the worker's flag on this case refreshes the page
  const names = new Map((staff.data ?? []).map((s) => [s.id, s.name]));
  if (c.error) return <ErrorAlert error={c.error} />;
  if (!c.data || !me) return null;
  const holder = c.data.assigneeId ? (names.get(c.data.assigneeId) ?? c.data.assigneeId) : null;
  return (
    <Stack>
      <Anchor component={Link} to="/inbox" size="sm">
        ← {t('case.back')}
      </Anchor>
      <CaseHeader c={c.data} onBreach={permitType.data?.onBreach} holder={holder} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            {timeline.data && <ClockRibbon c={c.data} timeline={timeline.data} names={names} />}
            <Documents c={c.data} permitType={permitType.data} />
            <FormData c={c.data} permitType={permitType.data} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <PermitPanel c={c.data} me={me} />
            <ActionsPanel c={c.data} me={me} staff={staff.data ?? []} names={names} requirements={permitType.data?.requirements ?? []} />
            <ErrorAlert error={timeline.error} />
            {timeline.data && <Timeline c={c.data} timeline={timeline.data} names={names} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
