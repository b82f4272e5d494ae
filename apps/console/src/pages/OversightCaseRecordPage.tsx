import { Anchor, Grid, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router';
import { CaseHeader } from '../case/CaseHeader';
import { ClockRibbon } from '../case/ClockRibbon';
import { Documents, FormData } from '../case/Documents';
import { usePermitType } from '../case/queries';
import { Timeline } from '../case/Timeline';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime } from '../format';
import { useI18n, useOversightT } from '../i18n';
import { useCaseRecord } from '../oversight/queries';

/** The whole record of a case for the ombudsman, read-only: header, clock ribbon, documents, assignments, timeline with the audit-chain check. */
export default function CaseRecordPage() {
  const { t, locale } = useI18n();
  const to = useOversightT();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const r = useCaseRecord(id);
  const permitType = usePermitType(r.data?.case.permitType.code);
  if (r.error) return <ErrorAlert error={r.error} />;
  if (!r.data) return null;
  const c = r.data.case;
  const names = new Map<string, string>();
  const holder = c.assigneeId;
  return (
    <Stack>
      <Anchor component="button" type="button" onClick={() => void navigate(-1)} size="sm" ta="left">
        ← {to('record.back')}
      </Anchor>
      <Text size="sm" c="gray.7">
        {to('record.readOnly')}
      </Text>
      <CaseHeader c={c} onBreach={permitType.data?.onBreach} holder={holder} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <ClockRibbon c={c} timeline={r.data.timeline} names={names} />
            <Documents c={c} permitType={permitType.data} />
            <FormData c={c} permitType={permitType.data} />
            <Paper withBorder p="md">
              <Title order={2} size="h3" mb="sm" id="assignments-title">
                {to('record.assignments')}
              </Title>
              {r.data.assignments.length === 0 ? (
                <Text>{to('record.noAssignments')}</Text>
              ) : (
                <Table aria-labelledby="assignments-title">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{to('record.at')}</Table.Th>
                      <Table.Th scope="col">{to('record.action')}</Table.Th>
                      <Table.Th scope="col">{to('record.by')}</Table.Th>
                      <Table.Th scope="col">{to('record.holder')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.data.assignments.map((a) => (
                      <Table.Tr key={`${a.at}-${a.action}`}>
                        <Table.Td>{dateTime(a.at, locale, c.timeZone, c.timeZoneLabel)}</Table.Td>
                        <Table.Td>{a.action}</Table.Td>
                        <Table.Td>{a.actorRole}</Table.Td>
                        <Table.Td>
                          <code>{a.after?.assigneeId ?? '–'}</code>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <Paper withBorder p="md" data-audit-chain={r.data.auditChain.ok ? 'ok' : 'broken'}>
              <Title order={2} size="h3" mb="xs">
                {to('record.chain')}
              </Title>
              <Text>
                {r.data.auditChain.ok
                  ? t('timeline.chainOk', { count: r.data.auditChain.checked })
                  : t('timeline.chainBroken', { seq: r.data.auditChain.broken[0]?.streamSeq ?? '?' })}{' '}
                <code>{r.data.auditChain.stream}</code>
              </Text>
            </Paper>
            <Timeline c={c} timeline={r.data.timeline} names={names} />
            <Anchor component={Link} to="/oversight/overdue" size="sm">
              {to('nav.overdue')}
            </Anchor>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
