import { Anchor, Center, Grid, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { dateTime, money, number } from '../../format';
import { useI18n } from '../../i18n';
import { DashboardFilterBar, OversightNav } from '../../oversight/Filters';
import { filtersOf, useDashboard } from '../../oversight/queries';

const Charts = lazy(() => import('../../oversight/Charts'));

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
  const [params] = useSearchParams();
  const f = filtersOf(params);
  const q = useDashboard(f);
  const d = q.data;
  const n = (x: number | null, digits = 2) => (x === null ? '–' : number(x, locale, digits));
  const pct = (x: number | null) => (x === null ? '–' : `${number(x * 100, locale, 1)} %`);
  return (
    <Stack>
      <Title order={1}>{t('oversight.dashboard.title')}</Title>
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
            {t('oversight.dashboard.period', { from: d.period.from, to: d.period.to, asOf: dateTime(d.asOf, locale) })}
          </Text>
          <section aria-labelledby="figures-title">
            <Title order={2} size="h3" id="figures-title" mb="xs">
              {t('oversight.dashboard.figures')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              <Figure id="onTimeRate" label={t('oversight.figures.onTimeRate')} value={pct(d.figures.onTimeRate)} how={t('oversight.how.onTimeRate', { onTime: d.figures.onTime, decided: d.figures.decided })} />
              <Figure id="median" label={t('oversight.figures.median')} value={n(d.figures.medianWorkingDays)} how={t('oversight.how.median')} />
              <Figure id="p90" label={t('oversight.figures.p90')} value={n(d.figures.p90WorkingDays)} how={t('oversight.how.p90')} />
              <Figure id="stopped" label={t('oversight.figures.stopped')} value={n(d.figures.avgStoppedCalendarDays)} how={t('oversight.how.stopped')} />
              <Figure id="breaches" label={t('oversight.figures.breaches')} value={String(d.figures.breaches)} how={t('oversight.how.breaches')} />
              <Figure id="escalations" label={t('oversight.figures.escalations')} value={String(d.figures.escalations)} how={t('oversight.how.escalations')} />
              <Figure id="deemed" label={t('oversight.figures.deemed')} value={String(d.figures.deemedApprovals)} how={t('oversight.how.deemed')} />
              <Figure id="openOverdue" label={t('oversight.figures.openOverdue')} value={String(d.figures.openOverdue)} how={t('oversight.how.openOverdue')} />
              <Figure id="noticesPerCase" label={t('oversight.figures.noticesPerCase')} value={n(d.figures.deficiencyNoticesPerCase)} how={t('oversight.how.noticesPerCase', { submitted: d.figures.submitted })} />
              <Figure id="atCap" label={t('oversight.figures.atCap')} value={pct(d.figures.shareAtNoticeCap)} how={t('oversight.how.atCap', { count: d.figures.casesAtNoticeCap })} />
              <Figure id="compensation" label={t('oversight.figures.compensation')} value={money(d.figures.compensationOwed, d.figures.compensationCurrency, locale)} how={t('oversight.how.compensation')} />
              <Figure id="complaints" label={t('oversight.figures.complaints')} value={String(d.figures.complaints)} how={t('oversight.how.complaints')} />
            </SimpleGrid>
          </section>
          <section aria-labelledby="charts-title">
            <Title order={2} size="h3" id="charts-title" mb="xs">
              {t('oversight.dashboard.charts')}
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
                      {t('oversight.dashboard.complaintsByCategory')}
                    </Title>
                  </Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('oversight.complaints.category')}</Table.Th>
                      <Table.Th scope="col">{t('oversight.charts.cases')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.complaintsByCategory.map((c) => (
                      <Table.Tr key={c.category} data-category={c.category}>
                        <Table.Td>
                          <Anchor component={Link} to={`/oversight/complaints?category=${c.category}${f.agency ? `&agency=${f.agency}` : ''}`}>
                            {t(`oversight.categories.${c.category}`)}
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
                  {t('oversight.dashboard.deemedAwaiting', { count: d.deemedAwaitingSupervision.total })}
                </Title>
                {d.deemedAwaitingSupervision.items.length === 0 ? (
                  <Text>{t('oversight.dashboard.noDeemed')}</Text>
                ) : (
                  <Table.ScrollContainer minWidth={600}>
                    <Table aria-labelledby="deemed-title">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th scope="col">{t('oversight.overdue.reference')}</Table.Th>
                          <Table.Th scope="col">{t('oversight.filters.agency')}</Table.Th>
                          <Table.Th scope="col">{t('oversight.dashboard.permitNumber')}</Table.Th>
                          <Table.Th scope="col">{t('oversight.dashboard.issuedAt')}</Table.Th>
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
