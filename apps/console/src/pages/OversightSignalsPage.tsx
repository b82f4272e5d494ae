import { Anchor, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime, number } from '../format';
import { useI18n, useOversightT } from '../i18n';
import { DashboardFilterBar, OversightNav } from '../oversight/Filters';
import { useSignals } from '../oversight/queries';

function SignalList({ id, title, how, head, rows, empty }: { id: string; title: string; how: string; head: string[]; rows: { key: string; cells: ReactNode[] }[]; empty: string }) {
  return (
    <Paper withBorder p="md" data-signal={id}>
      <Title order={2} size="h3" id={`${id}-title`}>
        {title}
      </Title>
      <Text size="xs" c="gray.7" mb="xs">
        {how}
      </Text>
      {rows.length === 0 ? (
        <Text>{empty}</Text>
      ) : (
        <Table aria-labelledby={`${id}-title`}>
          <Table.Thead>
            <Table.Tr>
              {head.map((h) => (
                <Table.Th key={h} scope="col">
                  {h}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                {r.cells.map((c, i) => (
                  <Table.Td key={i}>{c}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** Suspicion signals, each case linking to its record: notices at the cap, notices on the last working day, reassigned 3+ times. */
export default function SignalsPage() {
  const { locale } = useI18n();
  const to = useOversightT();
  const [params] = useSearchParams();
  const agency = params.get('agency') || undefined;
  const s = useSignals(agency);
  const link = (id: string, reference: string | null) => (
    <Anchor component={Link} to={`/oversight/cases/${id}`}>
      {reference ?? id}
    </Anchor>
  );
  const ref = to('overdue.reference');
  const ag = to('filters.agency');
  return (
    <Stack>
      <Title order={1}>{to('signals.title')}</Title>
      <OversightNav />
      <DashboardFilterBar withPeriod={false} withZone={false} />
      <ErrorAlert error={s.error} />
      {s.data && (
        <SimpleGrid cols={{ base: 1, xl: 3 }}>
          <SignalList
            id="maxed"
            title={to('signals.maxed')}
            how={to('signals.maxedHow')}
            head={[ref, ag, to('overdue.notices')]}
            empty={to('signals.none')}
            rows={s.data.maxDeficiencyNotices.map((r) => ({ key: r.id, cells: [link(r.id, r.reference), r.agency, `${r.deficiencyNotices} / ${r.cap}`] }))}
          />
          <SignalList
            id="lastDay"
            title={to('signals.lastDay')}
            how={to('signals.lastDayHow')}
            head={[ref, ag, to('signals.stoppedAt'), to('signals.left')]}
            empty={to('signals.none')}
            rows={s.data.deficiencyNoticeInLastWorkingDay.map((r) => ({
              key: `${r.id}-${r.stoppedAt}`,
              cells: [link(r.id, r.reference), r.agency, dateTime(r.stoppedAt, locale), number(r.remainingWorkingDays, locale)],
            }))}
          />
          <SignalList
            id="reassigned"
            title={to('signals.reassigned')}
            how={to('signals.reassignedHow')}
            head={[ref, ag, to('signals.reassignments')]}
            empty={to('signals.none')}
            rows={s.data.reassignedManyTimes.map((r) => ({ key: r.id, cells: [link(r.id, r.reference), r.agency, r.reassignments] }))}
          />
        </SimpleGrid>
      )}
    </Stack>
  );
}
