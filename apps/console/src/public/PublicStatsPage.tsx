import { Badge, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { number } from '../format';
import { usePublicT, useI18n } from '../i18n';

/** Published against real processing time per permit type and month; groups under 5 cases withheld. */
export default function PublicStatsPage() {
  const { locale } = useI18n();
  const p = usePublicT();
  const [months, setMonths] = useState('6');
  const stats = useQuery({
    queryKey: ['public-stats', months],
    queryFn: async () => unwrap(await api.GET('/v1/public/stats', { params: { query: { months: Number(months) } } })),
  });
  const rows = stats.data ?? [];
  return (
    <Stack>
      <Title order={1}>{p('stats.title')}</Title>
      <Text>{p('stats.intro')}</Text>
      <Select
        label={p('stats.period')}
        data={['3', '6', '12', '24'].map((m) => ({ value: m, label: p('stats.months', { count: Number(m) }) }))}
        value={months}
        onChange={(v) => setMonths(v ?? '6')}
        allowDeselect={false}
        maw={240}
      />
      <ErrorAlert error={stats.error} />
      <Paper withBorder p="md">
        {rows.length === 0 && !stats.isPending ? (
          <Text>{p('stats.none')}</Text>
        ) : (
          <Table className="data" aria-label={p('stats.title')} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{p('stats.month')}</Table.Th>
                <Table.Th scope="col">{p('stats.agency')}</Table.Th>
                <Table.Th scope="col">{p('stats.permitType')}</Table.Th>
                <Table.Th scope="col">{p('stats.published')}</Table.Th>
                <Table.Th scope="col">{p('stats.real')}</Table.Th>
                <Table.Th scope="col">{p('stats.onTime')}</Table.Th>
                <Table.Th scope="col">{p('stats.decided')}</Table.Th>
                <Table.Th scope="col">{p('stats.breaches')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={`${r.month}-${r.agency}-${r.permitType}`}>
                  <Table.Td>{r.month}</Table.Td>
                  <Table.Td>{r.agency}</Table.Td>
                  <Table.Td>{r.permitType}</Table.Td>
                  <Table.Td>{r.publishedWorkingDays === null ? '–' : p('standards.workingDays', { count: r.publishedWorkingDays })}</Table.Td>
                  {r.suppressed ? (
                    <Table.Td colSpan={4}>
                      <Badge variant="light" color="gray">
                        {p('stats.suppressed')}
                      </Badge>
                    </Table.Td>
                  ) : (
                    <>
                      <Table.Td>{r.medianWorkingDays === null ? '–' : p('stats.median', { days: number(r.medianWorkingDays, locale, 1) })}</Table.Td>
                      <Table.Td>{r.onTimeRate === null ? '–' : `${number(r.onTimeRate * 100, locale, 0)} %`}</Table.Td>
                      <Table.Td>{r.decided ?? '–'}</Table.Td>
                      <Table.Td>{r.breaches ?? '–'}</Table.Td>
                    </>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Text size="sm">{p('stats.footnote')}</Text>
    </Stack>
  );
}
