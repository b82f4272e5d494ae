import { Badge, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { PermitTypeDiagram } from '../components/PermitTypeDiagram';
import { bytes, dateTime, money } from '../format';
import { useI18n } from '../i18n';

/** The workflow as a diagram. */
function Diagram({ code }: { code: string }) {
  const { t } = useI18n();
  return <PermitTypeDiagram code={code} title={t('permitTypes.diagram')} label={t('permitTypes.diagramLabel', { code })} idPrefix="diagram" />;
}

/** Permit types: the service standard, its versions, and the state diagram. */
export default function AdminPermitTypesPage() {
  const { t, locale } = useI18n();
  const list = useQuery({ queryKey: ['permit-types'], queryFn: async () => unwrap(await api.GET('/v1/permit-types', { params: { query: { pageSize: 100 } } })) });
  const [code, setCode] = useState<string | null>(null);
  const current = code ?? list.data?.items[0]?.code ?? null;
  const detail = useQuery({
    queryKey: ['permit-type', current],
    enabled: current !== null,
    queryFn: async () => unwrap(await api.GET('/v1/permit-types/{code}', { params: { path: { code: current ?? '' } } })),
  });
  const versions = useQuery({
    queryKey: ['permit-type', current, 'versions'],
    enabled: current !== null,
    queryFn: async () => unwrap(await api.GET('/v1/permit-types/{code}/versions', { params: { path: { code: current ?? '' } } })),
  });
  const d = detail.data;
  return (
    <Stack>
      <Title order={1}>{t('permitTypes.title')}</Title>
      <ErrorAlert error={list.error ?? detail.error} />
      <Select label={t('permitTypes.pick')} data={(list.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))} value={current} onChange={setCode} allowDeselect={false} searchable />
      {d && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h3">
                {t('permitTypes.standard')}
              </Title>
              <Badge variant="light">{t('case.version', { version: d.version })}</Badge>
            </Group>
            <Table>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row">{t('permitTypes.agency')}</Table.Th>
                  <Table.Td>{d.agency}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('permitTypes.processing')}</Table.Th>
                  <Table.Td>{t('permitTypes.workingDays', { count: d.processingWorkingDays })}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('permitTypes.onBreach')}</Table.Th>
                  <Table.Td>{t(`permitTypes.breach.${d.onBreach}`)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('permitTypes.fee')}</Table.Th>
                  <Table.Td>
                    {d.fee.formula ?? money(d.fee.amount ?? 0, d.fee.currency, locale)} · {d.fee.basis}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('permitTypes.legalBasis')}</Table.Th>
                  <Table.Td>{d.legalBasis.join('; ')}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('permitTypes.product')}</Table.Th>
                  <Table.Td>{d.product}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('permitTypes.calendar')}</Table.Th>
                  <Table.Td>
                    {d.calendar} ({d.timeZoneLabel ?? d.timeZone})
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Title order={3} size="h4" mt="md" mb="xs">
              {t('permitTypes.requirements')}
            </Title>
            <List size="sm">
              {d.requirements.map((r) => (
                <List.Item key={r.code}>
                  {r.name} ({r.code}) · {r.mediaTypes.join(', ')} · ≤ {bytes(r.maxBytes, locale)}
                  {r.optional ? ` · ${t('permitTypes.optional')}` : ''}
                </List.Item>
              ))}
            </List>
          </Paper>
          <Stack>
            <Diagram code={d.code} />
            <Paper withBorder p="md">
              <Title order={2} size="h3" mb="sm">
                {t('permitTypes.versions')}
              </Title>
              <Table className="data" aria-label={t('permitTypes.versions')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('permitTypes.version')}</Table.Th>
                    <Table.Th scope="col">{t('permitTypes.published')}</Table.Th>
                    <Table.Th scope="col">{t('permitTypes.hash')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {versions.data?.map((v) => (
                    <Table.Tr key={v.version}>
                      <Table.Td>
                        {v.version} {v.current && <Badge size="sm">{t('permitTypes.current')}</Badge>}
                      </Table.Td>
                      <Table.Td>{dateTime(v.publishedAt, locale)}</Table.Td>
                      <Table.Td>
                        <Text size="xs" ff="monospace">
                          {v.hash.slice(0, 16)}…
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          </Stack>
        </SimpleGrid>
      )}
    </Stack>
  );
}
