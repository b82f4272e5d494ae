import { Anchor, Center, Grid, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime, money, number } from '../format';
import { useI18n, useOversightT } from '../i18n';
import { DashboardFilterBar, OversightNav } from '../oversight/Filters';
import { filtersOf, useDashboard } from '../oversight/queries';

const Charts = lazy(() => import('../oversight/Charts'));

/** One headline figure with how it is computed written under it (a footnote, not only a hover). */
function Figure({ id, label, value, how }: { id: string; label: string; value: string; how: string }) {
  return (
    <Paper withBorder p="sm" data-figure={id}>
      <Text size="sm" c="gray.7" component="h3" m={0} fw={500}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-value>
        {value}
      </Text>
      <Text size="xs" c="gray.7" title={how}>
        {how}
      </Text>
    </Paper>
  );
}

/** The ombudsman's home: figures, charts, complaints by category and deemed approvals awaiting supervision, for the filters in the URL. */
export default function DashboardPage() {
  const { t, locale } = useI18n();
  const to = useOversightT();
  const [params] = useSearchParams();
  const f = filtersOf(params);
  const q = useDashboard(f);
  const d = q.data;
  const n = (x: number | null, digits = 2) => (x === null ? '–' : number(x, locale, digits));
  const pct = (x: number | null) => (x === null ? '–' : `${number(x * 100, locale, 1)} %`);
  return (
    <Stack>
      <Title order={1}>{to('dashboard.title')}</Title>
      <OversightNav />
      <DashboardFilterBar />
      <ErrorAlert error={q.error} />
      {!d && !q.error && (
        <Center>
          <Loader aria-label={t('common.loading')} />
        </Center>
      )}
      {d && (
        <>
          <Text size="sm" role="status">
            {to('dashboard.period', { from: d.period.from, to: d.period.to, asOf: dateTime(d.asOf, locale) })}
          </Text>
          <section aria-labelledby="figures-title">
            <Title order={2} size="h3" id="figures-title" mb="xs">
              {to('dashboard.figures')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              <Figure id="onTimeRate" label={to('figures.onTimeRate')} value={pct(d.figures.onTimeRate)} how={to('how.onTimeRate', { onTime: d.figures.onTime, decided: d.figures.decided })} />
              <Figure id="median" label={to('figures.median')} value={n(d.figures.medianWorkingDays)} how={to('how.median')} />
              <Figure id="p90" label={to('figures.p90')} value={n(d.figures.p90WorkingDays)} how={to('how.p90')} />
              <Figure id="stopped" label={to('figures.stopped')} value={n(d.figures.avgStoppedCalendarDays)} how={to('how.stopped')} />
              <Figure id="breaches" label={to('figures.breaches')} value={String(d.figures.breaches)} how={to('how.breaches')} />
              <Figure id="escalations" label={to('figures.escalations')} value={String(d.figures.escalations)} how={to('how.escalations')} />
              <Figure id="deemed" label={to('figures.deemed')} value={String(d.figures.deemedApprovals)} how={to('how.deemed')} />
              <Figure id="openOverdue" label={to('figures.openOverdue')} value={String(d.figures.openOverdue)} how={to('how.openOverdue')} />
              <Figure id="noticesPerCase" label={to('figures.noticesPerCase')} value={n(d.figures.deficiencyNoticesPerCase)} how={to('how.noticesPerCase', { submitted: d.figures.submitted })} />
              <Figure id="atCap" label={to('figures.atCap')} value={pct(d.figures.shareAtNoticeCap)} how={to('how.atCap', { count: d.figures.casesAtNoticeCap })} />
              <Figure id="compensation" label={to('figures.compensation')} value={money(d.figures.compensationOwed, d.figures.compensationCurrency, locale)} how={to('how.compensation')} />
              <Figure id="complaints" label={to('figures.complaints')} value={String(d.figures.complaints)} how={to('how.complaints')} />
            </SimpleGrid>
          </section>
          <section aria-labelledby="charts-title">
            <Title order={2} size="h3" id="charts-title" mb="xs">
              {to('dashboard.charts')}
            </Title>
            <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
              <SimpleGrid cols={{ base: 1, xl: 3 }}>
                <Charts data={d} />
              </SimpleGrid>
            </Suspense>
          </section>
          <Grid>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Paper withBorder p="md">
                <Table captionSide="top" aria-labelledby="complaints-title">
                  <Table.Caption>
                    <Title order={2} size="h3" id="complaints-title">
                      {to('dashboard.complaintsByCategory')}
                    </Title>
                  </Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{to('complaints.category')}</Table.Th>
                      <Table.Th scope="col">{to('charts.cases')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.complaintsByCategory.map((c) => (
                      <Table.Tr key={c.category} data-category={c.category}>
                        <Table.Td>
                          <Anchor component={Link} to={`/oversight/complaints?category=${c.category}${f.agency ? `&agency=${f.agency}` : ''}`}>
                            {to(`categories.${c.category}`)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{c.count}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Paper withBorder p="md">
                <Title order={2} size="h3" id="deemed-title" mb="xs">
                  {to('dashboard.deemedAwaiting', { count: d.deemedAwaitingSupervision.total })}
                </Title>
                {d.deemedAwaitingSupervision.items.length === 0 ? (
                  <Text>{to('dashboard.noDeemed')}</Text>
                ) : (
                  <Table.ScrollContainer minWidth={600}>
                    <Table aria-labelledby="deemed-title">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th scope="col">{to('overdue.reference')}</Table.Th>
                          <Table.Th scope="col">{to('filters.agency')}</Table.Th>
                          <Table.Th scope="col">{to('dashboard.permitNumber')}</Table.Th>
                          <Table.Th scope="col">{to('dashboard.issuedAt')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {d.deemedAwaitingSupervision.items.map((r) => (
                          <Table.Tr key={r.id}>
                            <Table.Td>
                              <Anchor component={Link} to={`/oversight/cases/${r.id}`}>
                                {r.reference ?? r.id}
                              </Anchor>
                            </Table.Td>
                            <Table.Td>{r.agency}</Table.Td>
                            <Table.Td>{r.permitNumber}</Table.Td>
                            <Table.Td>{dateTime(r.issuedAt, locale)}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </Paper>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
