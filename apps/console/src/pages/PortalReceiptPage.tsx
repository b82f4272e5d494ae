import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useCase, usePermitType } from '../case/queries';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime } from '../format';
import { useI18n, usePortalT } from '../i18n';
import { receiptKey, type Receipt } from '../portal/queries';

/**
 * The printable receipt of a submission: reference, received at, legal deadline, legal basis,
 * whether silence means approval, complaint channel and access code. The access code is in the
 * submission's answer alone (the API keeps only its hash), so a receipt opened later says so.
 */
export default function ReceiptPage() {
  const { t, locale } = useI18n();
  const tp = usePortalT();
  const { id = '' } = useParams();
  const kept = useQuery<Receipt | null>({ queryKey: receiptKey(id), queryFn: () => null, staleTime: Infinity, gcTime: Infinity });
  const c = useCase(id);
  const pt = usePermitType(c.data?.permitType.code);
  if (c.error) return <ErrorAlert error={c.error} />;
  if (!c.data) return null;
  const r = kept.data ?? null;
  const zone = c.data.timeZone;
  const label = c.data.timeZoneLabel;
  const rows: [string, string, string][] = [
    ['reference', tp('receipt.reference'), r?.reference ?? c.data.reference ?? '–'],
    ['permitType', tp('receipt.permitType'), c.data.permitType.name],
    ['agency', tp('receipt.agency'), c.data.agency],
    ['receivedAt', tp('receipt.receivedAt'), dateTime(r?.receivedAt ?? c.data.submittedAt, locale, zone, label)],
    [
      'legalDeadline',
      tp('receipt.legalDeadline'),
      `${dateTime(r?.legalDeadline ?? c.data.deadline, locale, zone, label)}${(r?.deadlineProvisional ?? c.data.deadlineProvisional) ? ` (${t('case.provisional')})` : ''}`,
    ],
    ['legalBasis', tp('receipt.legalBasis'), (r?.legalBasis ?? pt.data?.legalBasis ?? []).join('; ')],
    ['silence', tp('receipt.silence'), (r?.silenceMeansApproval ?? pt.data?.silenceMeansApproval) ? tp('receipt.silenceYes') : tp('receipt.silenceNo')],
    ['complaintChannel', tp('receipt.complaintChannel'), r?.complaintChannel ?? pt.data?.complaintChannel ?? '–'],
    ['accessCode', tp('receipt.accessCode'), r?.accessCode ?? tp('receipt.accessCodeGone')],
  ];
  return (
    <Stack className="receipt">
      <Group justify="space-between" className="no-print">
        <Anchor component={Link} to={`/portal/applications/${id}`} size="sm">
          ← {tp('receipt.toApplication')}
        </Anchor>
        <Button onClick={() => window.print()}>{tp('receipt.print')}</Button>
      </Group>
      <Paper withBorder p="lg">
        <Title order={1}>{tp('receipt.title')}</Title>
        <Text size="sm" mb="md">
          {tp('receipt.intro')}
        </Text>
        <Table aria-label={tp('receipt.title')}>
          <Table.Tbody>
            {rows.map(([key, name, value]) => (
              <Table.Tr key={key} data-field={key}>
                <Table.Th scope="row" w="35%">
                  {name}
                </Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" mt="md">
          {tp('receipt.track', { path: r?.trackUrl ?? `/v1/public/track/${c.data.reference ?? ''}` })}
        </Text>
      </Paper>
    </Stack>
  );
}
