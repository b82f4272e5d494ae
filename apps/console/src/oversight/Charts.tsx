import * as Plot from '@observablehq/plot';
import { Paper, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { number } from '../format';
import { useI18n, useOversightT } from '../i18n';
import type { DashboardData } from './queries';

/** One Observable Plot chart drawn into a div (SVG, no network, no canvas), redrawn when its data changes. */
function PlotBox({ make, label }: { make: () => ReturnType<typeof Plot.plot>; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = make();
    chart.setAttribute('aria-hidden', 'true');
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [make]);
  return <div ref={ref} role="img" aria-label={label} className="chart" />;
}

/** A chart with its data as a table beside it (for screen readers, and for anyone who wants the numbers). */
export function ChartCard({ title, label, make, table, id }: { title: string; label: string; make: () => ReturnType<typeof Plot.plot>; table: ReactNode; id: string }) {
  const to = useOversightT();
  return (
    <Paper withBorder p="md" data-chart={id}>
      <Title order={3} size="h4" mb="xs">
        {title}
      </Title>
      <PlotBox make={make} label={label} />
      <details>
        <summary>{to('charts.asTable')}</summary>
        {table}
      </details>
    </Paper>
  );
}

/** The dashboard's three charts: monthly trend, agency ranking, breach age buckets. Loaded only with the dashboard. */
export default function DashboardCharts({ data }: { data: DashboardData }) {
  const { locale } = useI18n();
  const to = useOversightT();
  const pct = (r: number | null) => (r === null ? '–' : `${number(r * 100, locale, 1)} %`);
  const trend = data.monthlyTrend;
  const ranking = data.agencyRanking;
  const buckets = data.breachAgeBuckets.map((b) => ({ ...b, label: to(`buckets.${b.bucket}`) }));
  const width = 520;

  const trendChart = () =>
    Plot.plot({
      width,
      height: 240,
      marginLeft: 48,
      x: { label: to('charts.month'), type: 'band' },
      y: { label: to('charts.decided'), grid: true },
      marks: [
        Plot.barY(trend, { x: 'month', y: 'decided', fill: '#74c0fc' }),
        Plot.barY(trend, { x: 'month', y: 'breaches', fill: '#c92a2a' }),
        Plot.ruleY([0]),
      ],
    });
  const rankingChart = () =>
    Plot.plot({
      width,
      height: Math.max(120, 40 * ranking.length + 40),
      marginLeft: 200,
      x: { label: to('charts.onTimeRate'), domain: [0, 100], grid: true },
      y: { label: null },
      marks: [Plot.barX(ranking, { y: 'agency', x: (r: { onTimeRate: number | null }) => (r.onTimeRate ?? 0) * 100, fill: '#2b8a3e', sort: { y: 'x' } }), Plot.ruleX([0])],
    });
  const bucketChart = () =>
    Plot.plot({
      width,
      height: 220,
      marginLeft: 48,
      x: { label: to('charts.workingDaysOverdue'), type: 'band', domain: buckets.map((b) => b.label) },
      y: { label: to('charts.cases'), grid: true },
      marks: [Plot.barY(buckets, { x: 'label', y: 'cases', fill: '#e67700' }), Plot.ruleY([0])],
    });

  return (
    <>
      <ChartCard
        id="trend"
        title={to('charts.trend')}
        label={to('charts.trendLabel', { months: trend.length })}
        make={trendChart}
        table={
          <Table captionSide="top">
            <Table.Caption>{to('charts.trend')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{to('charts.month')}</Table.Th>
                <Table.Th scope="col">{to('charts.decided')}</Table.Th>
                <Table.Th scope="col">{to('charts.onTimeRate')}</Table.Th>
                <Table.Th scope="col">{to('figures.median')}</Table.Th>
                <Table.Th scope="col">{to('figures.breaches')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {trend.map((m) => (
                <Table.Tr key={m.month}>
                  <Table.Th scope="row">{m.month}</Table.Th>
                  <Table.Td>{m.decided}</Table.Td>
                  <Table.Td>{pct(m.onTimeRate)}</Table.Td>
                  <Table.Td>{m.medianWorkingDays === null ? '–' : number(m.medianWorkingDays, locale)}</Table.Td>
                  <Table.Td>{m.breaches}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      />
      <ChartCard
        id="ranking"
        title={to('charts.ranking')}
        label={to('charts.rankingLabel', { count: ranking.length })}
        make={rankingChart}
        table={
          <Table captionSide="top">
            <Table.Caption>{to('charts.ranking')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{to('filters.agency')}</Table.Th>
                <Table.Th scope="col">{to('charts.decided')}</Table.Th>
                <Table.Th scope="col">{to('charts.onTimeRate')}</Table.Th>
                <Table.Th scope="col">{to('figures.breaches')}</Table.Th>
                <Table.Th scope="col">{to('figures.openOverdue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ranking.map((r) => (
                <Table.Tr key={r.agency}>
                  <Table.Th scope="row">{r.agency}</Table.Th>
                  <Table.Td>{r.decided}</Table.Td>
                  <Table.Td>{pct(r.onTimeRate)}</Table.Td>
                  <Table.Td>{r.breaches}</Table.Td>
                  <Table.Td>{r.openOverdue}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      />
      <ChartCard
        id="buckets"
        title={to('charts.buckets')}
        label={buckets.map((b) => `${b.label}: ${b.cases}`).join(', ')}
        make={bucketChart}
        table={
          <Table captionSide="top">
            <Table.Caption>{to('charts.buckets')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{to('charts.workingDaysOverdue')}</Table.Th>
                <Table.Th scope="col">{to('charts.cases')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {buckets.map((b) => (
                <Table.Tr key={b.bucket}>
                  <Table.Th scope="row">{b.label}</Table.Th>
                  <Table.Td>{b.cases}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      />
      <Text size="xs" c="gray.7">
        {to('charts.note')}
      </Text>
    </>
  );
}
