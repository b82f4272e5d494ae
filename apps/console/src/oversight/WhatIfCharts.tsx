import * as Plot from '@observablehq/plot';
import { Select, Table, Text } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { number } from '../format';
import { useI18n, useOversightT } from '../i18n';
import { ChartCard } from './Charts';
import { dailyCliffs, monthlyTotals, type WhatIfReport } from './whatif';

const COLORS = { actual: '#1c7ed6', proposal: '#c92a2a' };

/** The what-if report's charts, actual vs proposal, each with its table: breaches per month, and the daily deadline cliffs. Loaded with the report only. */
export default function WhatIfCharts({ report }: { report: WhatIfReport }) {
  const { t, locale } = useI18n();
  const to = useOversightT();
  const [agency, setAgency] = useState<string | null>(null);
  const agencies = useMemo(() => [...new Set(report.cliffs.map((c) => c.agency))].sort(), [report]);
  const months = useMemo(() => monthlyTotals(report), [report]);
  const cliffs = useMemo(() => dailyCliffs(report, agency), [report, agency]);
  const sideLabel = useCallback((s: 'actual' | 'proposal') => to(`whatif.${s}`), [to]);
  const width = 720;

  const monthChart = useCallback(
    () =>
      Plot.plot({
        width,
        height: 260,
        marginLeft: 52,
        fx: { label: to('whatif.col.month') },
        x: { axis: null, domain: ['actual', 'proposal'] },
        y: { label: to('whatif.col.breaches'), grid: true },
        color: { domain: [sideLabel('actual'), sideLabel('proposal')], range: [COLORS.actual, COLORS.proposal], legend: true },
        marks: [Plot.barY(months, { fx: 'month', x: 'side', y: 'breaches', fill: (m: { side: 'actual' | 'proposal' }) => sideLabel(m.side) }), Plot.ruleY([0])],
      }),
    [months, sideLabel, to],
  );
  const long = useMemo(() => cliffs.flatMap((c) => (['actual', 'proposal'] as const).map((side) => ({ date: new Date(`${c.date}T00:00:00Z`), side: sideLabel(side), cases: c[side] }))), [cliffs, sideLabel]);
  const cliffChart = useCallback(
    () =>
      Plot.plot({
        width,
        height: 300,
        marginLeft: 52,
        marginRight: 90,
        x: { label: to('whatif.date'), type: 'utc' },
        y: { label: to('whatif.casesDue'), grid: true },
        fy: { label: null, domain: [sideLabel('actual'), sideLabel('proposal')] },
        color: { domain: [sideLabel('actual'), sideLabel('proposal')], range: [COLORS.actual, COLORS.proposal] },
        // one bar per day: the cases whose deadline is that day's end (the top row as in force, the bottom one proposed)
        marks: [Plot.rectY(long, { x: 'date', interval: 'day', y: 'cases', fy: 'side', fill: 'side', inset: 0.5 }), Plot.ruleY([0])],
      }),
    [long, sideLabel, to],
  );
  const biggest = (side: 'actual' | 'proposal') => cliffs.reduce((m, c) => Math.max(m, c[side]), 0);

  return (
    <>
      <ChartCard
        id="whatif-months"
        title={to('whatif.breachesByMonth')}
        label={months
          .filter((m) => m.side === 'actual')
          .map((m) => to('whatif.breachesByMonthLabel', { month: m.month, actual: m.breaches, proposal: months.find((x) => x.month === m.month && x.side === 'proposal')?.breaches ?? 0 }))
          .join('; ')}
        make={monthChart}
        table={
          <Table captionSide="top">
            <Table.Caption>{to('whatif.breachesByMonth')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{to('whatif.col.month')}</Table.Th>
                <Table.Th scope="col">{to('whatif.side')}</Table.Th>
                <Table.Th scope="col">{to('whatif.col.cases')}</Table.Th>
                <Table.Th scope="col">{to('whatif.col.decided')}</Table.Th>
                <Table.Th scope="col">{to('whatif.col.breaches')}</Table.Th>
                <Table.Th scope="col">{to('whatif.col.deemed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {months.map((m) => (
                <Table.Tr key={`${m.month} ${m.side}`}>
                  <Table.Th scope="row">{m.month}</Table.Th>
                  <Table.Td>{sideLabel(m.side)}</Table.Td>
                  <Table.Td>{number(m.cases, locale, 0)}</Table.Td>
                  <Table.Td>{number(m.decided, locale, 0)}</Table.Td>
                  <Table.Td>{number(m.breaches, locale, 0)}</Table.Td>
                  <Table.Td>{number(m.deemed, locale, 0)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      />
      <Select
        label={to('whatif.cliffAgency')}
        data={agencies}
        value={agency}
        onChange={setAgency}
        placeholder={t('common.all')}
        clearable
        w={300}
      />
      <ChartCard
        id="whatif-cliffs"
        title={to('whatif.cliffs')}
        label={to('whatif.cliffsLabel', { days: cliffs.length, actual: biggest('actual'), proposal: biggest('proposal') })}
        make={cliffChart}
        table={
          <Table captionSide="top">
            <Table.Caption>{to('whatif.cliffs')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{to('whatif.date')}</Table.Th>
                <Table.Th scope="col">{to('whatif.actual')}</Table.Th>
                <Table.Th scope="col">{to('whatif.proposal')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cliffs.map((c) => (
                <Table.Tr key={c.date} data-cliff={c.date}>
                  <Table.Th scope="row">{c.date}</Table.Th>
                  <Table.Td>{c.actual}</Table.Td>
                  <Table.Td>{c.proposal}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      />
      <Text size="xs" c="gray.7">
        {to('whatif.chartNote')}
      </Text>
    </>
  );
}
