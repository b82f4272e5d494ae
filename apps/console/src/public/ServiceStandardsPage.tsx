import { Badge, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { bytes, money } from '../format';
import { usePublicT, useI18n } from '../i18n';
import { ProcedureDiagram } from './Diagram';

/** Each permit type's service standard (UU 25/2009 art. 21): what to bring, what it costs, how long, on what basis. */
export default function ServiceStandardsPage() {
  const { t, locale } = useI18n();
  const p = usePublicT();
  const list = useQuery({ queryKey: ['permit-types'], queryFn: async () => unwrap(await api.GET('/v1/permit-types', { params: { query: { pageSize: 100 } } })) });
  const [code, setCode] = useState<string | null>(null);
  const current = code ?? list.data?.items[0]?.code ?? null;
  const detail = useQuery({
    queryKey: ['permit-type', current],
    enabled: current !== null,
    queryFn: async () => unwrap(await api.GET('/v1/permit-types/{code}', { params: { path: { code: current ?? '' } } })),
  });
  const d = detail.data;
  const row = (label: string, value: ReactNode) => (
    <Table.Tr>
      <Table.Th scope="row" w="30%">
        {label}
      </Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack>
      <Title order={1}>{p('standards.title')}</Title>
      <Text>{p('standards.intro')}</Text>
      <ErrorAlert error={list.error ?? detail.error} />
      <Select
        label={p('standards.pick')}
        data={(list.data?.items ?? []).map((pt) => ({ value: pt.code, label: `${pt.name} (${pt.code})` }))}
        value={current}
        onChange={setCode}
        allowDeselect={false}
        searchable
        maw={560}
      />
      {d && (
        <>
          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h3">
                {d.name}
              </Title>
              <Badge variant="light">{t('case.version', { version: d.version })}</Badge>
            </Group>
            {d.description && <Text mb="sm">{d.description}</Text>}
            <Table aria-label={p('standards.standard')}>
              <Table.Tbody>
                {row(p('standards.agency'), d.agency)}
                {row(p('standards.product'), d.product)}
                {row(
                  p('standards.processingTime'),
                  `${p('standards.workingDays', { count: d.processingWorkingDays })}${d.silenceMeansApproval ? ` — ${p('standards.silence')}` : ''}`,
                )}
                {row(p('standards.fee'), `${d.fee.amount === 0 ? p('standards.free') : money(d.fee.amount ?? 0, d.fee.currency, locale)}${d.fee.basis ? ` (${d.fee.basis})` : ''}`)}
                {row(p('standards.validity'), d.validity ? [d.validity.years ? p('standards.years', { count: d.validity.years }) : '', d.validity.months ? p('standards.months', { count: d.validity.months }) : ''].filter(Boolean).join(' ') : p('standards.noExpiry'))}
                {row(p('standards.notices'), p('standards.noticesCap', { count: d.deficiencyNotices.max }))}
                {row(p('standards.legalBasis'), d.legalBasis.join('; '))}
                {row(p('standards.complaints'), d.complaintChannel)}
              </Table.Tbody>
            </Table>
          </Paper>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Paper withBorder p="md">
              <Title order={2} size="h3" mb="sm">
                {p('standards.requirements')}
              </Title>
              <Table className="data" aria-label={p('standards.requirements')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{p('standards.document')}</Table.Th>
                    <Table.Th scope="col">{p('standards.formats')}</Table.Th>
                    <Table.Th scope="col">{p('standards.maxSize')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.requirements.map((r) => (
                    <Table.Tr key={r.code}>
                      <Table.Td>
                        {r.name}
                        {r.optional ? ` (${p('standards.optional')})` : ''}
                      </Table.Td>
                      <Table.Td>{r.mediaTypes.map((m) => m.replace(/^application\/|^image\//, '').toUpperCase()).join(', ')}</Table.Td>
                      <Table.Td>{bytes(r.maxBytes, locale)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h3" mb="sm">
                {p('standards.procedure')}
              </Title>
              <List type="ordered" spacing="xs">
                {d.procedure.map((step) => (
                  <List.Item key={step}>{step}</List.Item>
                ))}
              </List>
            </Paper>
          </SimpleGrid>
          <ProcedureDiagram code={d.code} />
        </>
      )}
    </Stack>
  );
}
