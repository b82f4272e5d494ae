import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime } from '../format';
import { useI18n } from '../i18n';
import { isStaff, type Me } from '../session';
import { caseKey, type CaseData } from './queries';

const permitKey = (number: string) => ['permit', number] as const;

/** Opens the signed permit PDF (fetched with the session) in a new tab. */
async function openPdf(caseId: string): Promise<void> {
  const { data, response } = await api.GET('/v1/applications/{id}/permit.pdf', { params: { path: { id: caseId } }, parseAs: 'blob' });
  if (!response.ok || !data) throw new ApiError(response.status, undefined);
  const url = URL.createObjectURL(new Blob([data], { type: 'application/pdf' }));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The permit of a decided case: its number, validity and public status (valid or revoked, as the
 * verification page shows it), the signed PDF, and, for the issuing agency's officers and
 * supervisors, revocation with a reason (e.g. after post-issuance supervision of a deemed approval).
 */
export function PermitPanel({ c, me }: { c: CaseData; me: Me }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const permit = c.permit;
  const number = permit?.permitNumber ?? '';
  const status = useQuery({
    queryKey: permitKey(number),
    enabled: permit !== null,
    queryFn: async () => unwrap(await api.GET('/v1/public/permits/{number}', { params: { path: { number } } })),
  });
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [pdfError, setPdfError] = useState<unknown>(null);
  const revoke = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/permits/{number}/revocation', { params: { path: { number } }, body: { reason: reason.trim() } })),
    onSuccess: async (view) => {
      qc.setQueryData(permitKey(number), view);
      setOpen(false);
      await qc.invalidateQueries({ queryKey: [...caseKey(c.id), 'timeline'] });
    },
  });
  if (!permit) return null;
  const mayRevoke = isStaff(me) && me.agencyCode === c.agency;
  const revoked = status.data?.status === 'revoked' ? status.data.revocation : null;
  const err = revoke.error instanceof ApiError ? revoke.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) revoke.mutate();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="permit-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="permit-title">
            {t('permit.title')}
          </Title>
          {status.data && (
            <Badge color={revoked ? 'danger' : 'brand'} data-permit-status={status.data.status}>
              {revoked ? t('permit.revoked') : t('permit.valid')}
            </Badge>
          )}
        </Group>
        <Text>
          <strong>{permit.permitNumber}</strong> · {t('permit.issued', { at: dateTime(permit.issuedAt, locale, c.timeZone, c.timeZoneLabel) })}
          {permit.validUntil ? ` · ${t('permit.validUntil', { at: dateTime(permit.validUntil, locale, c.timeZone, c.timeZoneLabel) })}` : ''}
        </Text>
        {permit.deemedApproval && <Text size="sm">{t('permit.deemed')}</Text>}
        {revoked && (
          <Alert color="danger" role="status" title={t('permit.revokedTitle')}>
            {t('permit.revokedText', { at: dateTime(revoked.revokedAt, locale, c.timeZone, c.timeZoneLabel), reason: revoked.reason })}
          </Alert>
        )}
        <ErrorAlert error={status.error ?? pdfError} />
        <Group gap="sm">
          <Button size="xs" variant="default" onClick={() => void openPdf(c.id).catch(setPdfError)}>
            {t('permit.pdf')}
          </Button>
          {status.data && (
            <Anchor href={status.data.verificationUrl} target="_blank" size="sm">
              {t('permit.verification')}
            </Anchor>
          )}
          {mayRevoke && !revoked && !open && (
            <Button size="xs" color="danger" variant="outline" onClick={() => setOpen(true)}>
              {t('permit.revoke')}
            </Button>
          )}
        </Group>
        {open && (
          <form onSubmit={submit} noValidate aria-label={t('permit.revokeForm')}>
            <Stack gap="xs">
              <Text size="sm">{t('permit.revokeHint')}</Text>
              <Textarea
                label={t('permit.reason')}
                required
                autosize
                minRows={2}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={err?.fieldError('reason') ?? (revoke.isError && !reason.trim() ? t('permit.reasonRequired') : undefined)}
              />
              <ErrorAlert error={err && !err.fieldError('reason') ? err : null} />
              <Group gap="sm">
                <Button type="submit" color="danger" size="xs" loading={revoke.isPending} disabled={!reason.trim()}>
                  {t('permit.confirmRevoke')}
                </Button>
                <Button size="xs" variant="default" onClick={() => setOpen(false)}>
                  {t('permit.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
