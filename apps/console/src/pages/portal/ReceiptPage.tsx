import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useCase, usePermitType } from '../../case/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n';
import { receiptKey, type Receipt } from '../../portal/queries';

/**
 * The printable receipt of a submission: reference, received at, legal deadline, legal basis,
 * whether silence means approval, complaint channel and access code. The access code is in the
 * submission's answer alone (the API keeps only its hash), so a receipt opened later says so.
 */
export default function ReceiptPage() {
  const { t, locale } = useI18n();
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
    ['reference', t('portal.receipt.reference'), r?.reference ?? c.data.reference ?? '–'],
    ['permitType', t('portal.receipt.permitType'), c.data.permitType.name],
    ['agency', t('portal.receipt.agency'), c.data.agency],
    ['receivedAt', t('portal.receipt.receivedAt'), dateTime(r?.receivedAt ?? c.data.submittedAt, locale, zone, label)],
    [
      'legalDeadline',
      t('portal.receipt.legalDeadline'),
      `${dateTime(r?.legalDeadline ?? c.data.deadline, locale, zone, label)}${(r?.deadlineProvisional ?? c.data.deadlineProvisional) ? ` (${t('case.provisional')})` : ''}`,
    ],
    ['legalBasis', t('portal.receipt.legalBasis'), (r?.legalBasis ?? pt.data?.legalBasis ?? []).join('; ')],
    ['silence', t('portal.receipt.silence'), (r?.silenceMeansApproval ?? pt.data?.silenceMeansApproval) ? t('portal.receipt.silenceYes') : t('portal.receipt.silenceNo')],
    ['complaintChannel', t('portal.receipt.complaintChannel'), r?.complaintChannel ?? pt.data?.complaintChannel ?? '–'],
    ['accessCode', t('portal.receipt.accessCode'), r?.accessCode ?? t('portal.receipt.accessCodeGone')],
  ];
  return (
    <Stack className="receipt">
      <Group justify="space-between" className="no-print">
        <Anchor component={Link} to={`/portal/applications/${id}`} size="sm">
          ← {t('portal.receipt.toApplication')}
        </Anchor>
        <Button onClick={() => window.print()}>{t('portal.receipt.print')}</Button>
      </Group>
      <Paper withBorder p="lg">
        <Title order={1}>{t('portal.receipt.title')}</Title>
        <Text size="sm" mb="md">
          {t('portal.receipt.intro')}
        </Text>
        <Table aria-label={t('portal.receipt.title')}>
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
          {t('portal.receipt.track', { path: r?.trackUrl ?? `/v1/public/track/${c.data.reference ?? ''}` })}
        </Text>
      </Paper>
    </Stack>
  );
}
