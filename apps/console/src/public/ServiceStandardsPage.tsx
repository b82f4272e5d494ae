import { Badge, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { bytes, money } from '../format';
import { useI18n } from '../i18n';
import { ProcedureDiagram } from './Diagram';

/** Each permit type's service standard (UU 25/2009 art. 21): what to bring, what it costs, how long, on what basis. */
export default function ServiceStandardsPage() {
  const { t, locale } = useI18n();
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
      <Title order={1}>{t('public.standards.title')}</Title>
      <Text>{t('public.standards.intro')}</Text>
      <ErrorAlert error={list.error ?? detail.error} />
      <Select
        label={t('public.standards.pick')}
        data={(list.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))}
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
            <Table aria-label={t('public.standards.standard')}>
              <Table.Tbody>
                {row(t('public.standards.agency'), d.agency)}
                {row(t('public.standards.product'), d.product)}
                {row(
                  t('public.standards.processingTime'),
                  `${t('public.standards.workingDays', { count: d.processingWorkingDays })}${d.silenceMeansApproval ? ` — ${t('public.standards.silence')}` : ''}`,
                )}
                {row(t('public.standards.fee'), `${d.fee.amount === 0 ? t('public.standards.free') : money(d.fee.amount, d.fee.currency, locale)}${d.fee.basis ? ` (${d.fee.basis})` : ''}`)}
                {row(t('public.standards.validity'), d.validity ? [d.validity.years ? t('public.standards.years', { count: d.validity.years }) : '', d.validity.months ? t('public.standards.months', { count: d.validity.months }) : ''].filter(Boolean).join(' ') : t('public.standards.noExpiry'))}
                {row(t('public.standards.notices'), t('public.standards.noticesCap', { count: d.deficiencyNotices.max }))}
                {row(t('public.standards.legalBasis'), d.legalBasis.join('; '))}
                {row(t('public.standards.complaints'), d.complaintChannel)}
              </Table.Tbody>
            </Table>
          </Paper>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Paper withBorder p="md">
              <Title order={2} size="h3" mb="sm">
                {t('public.standards.requirements')}
              </Title>
              <Table className="data" aria-label={t('public.standards.requirements')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('public.standards.document')}</Table.Th>
                    <Table.Th scope="col">{t('public.standards.formats')}</Table.Th>
                    <Table.Th scope="col">{t('public.standards.maxSize')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.requirements.map((r) => (
                    <Table.Tr key={r.code}>
                      <Table.Td>
                        {r.name}
                        {r.optional ? ` (${t('public.standards.optional')})` : ''}
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
                {t('public.standards.procedure')}
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
