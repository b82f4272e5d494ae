import { Anchor, Badge, Button, Group, Pagination, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime } from '../format';
import { useI18n, useOversightT } from '../i18n';
import { DashboardFilterBar, OversightNav } from '../oversight/Filters';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, useComplaints, useHandleComplaint, type ComplaintStatus } from '../oversight/queries';

type Complaint = NonNullable<ReturnType<typeof useComplaints>['data']>['items'][number];

/** One complaint with the ombudsman's one write: its status and findings. */
function ComplaintCard({ c }: { c: Complaint }) {
  const { t, locale } = useI18n();
  const to = useOversightT();
  const handle = useHandleComplaint();
  const [status, setStatus] = useState<ComplaintStatus>(c.status);
  const [findings, setFindings] = useState(c.findings ?? '');
  const err = handle.error instanceof ApiError ? handle.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    handle.mutate({ id: c.id, status, findings: findings.trim() || undefined });
  };
  return (
    <Paper withBorder p="md" data-complaint={c.id} component="article" aria-labelledby={`complaint-${c.id}`}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={`complaint-${c.id}`}>
          {to(`categories.${c.category}`)} · {c.agency}
        </Title>
        <Badge variant="light">{to(`complaintStatus.${c.status}`)}</Badge>
      </Group>
      <Text size="xs" c="gray.7">
        {dateTime(c.createdAt, locale)} ·{' '}
        <Anchor component={Link} to={`/oversight/cases/${c.applicationId}`} size="xs" underline="always">
          {to('complaints.openCase')}
        </Anchor>
      </Text>
      <Text my="xs">{c.description}</Text>
      <form onSubmit={submit}>
        <Group align="end" gap="sm">
          <Select
            label={to('complaints.status')}
            data={COMPLAINT_STATUSES.map((s) => ({ value: s, label: to(`complaintStatus.${s}`) }))}
            value={status}
            onChange={(v) => setStatus(COMPLAINT_STATUSES.find((s) => s === v) ?? status)}
            allowDeselect={false}
            w={200}
          />
          <Textarea label={to('complaints.findings')} value={findings} onChange={(e) => setFindings(e.currentTarget.value)} autosize minRows={1} style={{ flex: 1 }} error={err?.fieldError('findings')} />
          <Button type="submit" loading={handle.isPending}>
            {t('common.save')}
          </Button>
        </Group>
        {handle.isSuccess && (
          <Text size="sm" role="status" c="brand.8" mt="xs">
            {to('complaints.saved')}
          </Text>
        )}
        {handle.error && !err?.fieldError('findings') && <ErrorAlert error={handle.error} />}
      </form>
    </Paper>
  );
}

/** Every complaint, by agency, status and category; the ombudsman records status and findings. */
export default function ComplaintsPage() {
  const { t } = useI18n();
  const to = useOversightT();
  const [params, setParams] = useSearchParams();
  const agency = params.get('agency') || undefined;
  const status = COMPLAINT_STATUSES.find((s) => s === params.get('status'));
  const category = COMPLAINT_CATEGORIES.find((s) => s === params.get('category'));
  const page = Number(params.get('page')) || 1;
  const list = useComplaints({ agency, status, category, page });
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  return (
    <Stack>
      <Title order={1}>{to('complaints.title')}</Title>
      <OversightNav />
      <DashboardFilterBar withPeriod={false} withZone={false} />
      <Group gap="sm">
        <Select
          label={to('complaints.status')}
          data={COMPLAINT_STATUSES.map((s) => ({ value: s, label: to(`complaintStatus.${s}`) }))}
          value={status ?? null}
          onChange={(v) => set('status', v)}
          placeholder={t('common.all')}
          clearable
        />
        <Select
          label={to('complaints.category')}
          data={COMPLAINT_CATEGORIES.map((s) => ({ value: s, label: to(`categories.${s}`) }))}
          value={category ?? null}
          onChange={(v) => set('category', v)}
          placeholder={t('common.all')}
          clearable
          w={300}
        />
      </Group>
      <ErrorAlert error={list.error} />
      <Text role="status">{list.data ? to('complaints.count', { count: list.data.total }) : t('common.loading')}</Text>
      {list.data?.items.map((c) => <ComplaintCard key={c.id} c={c} />)}
      {pages > 1 && (
        <Pagination total={pages} value={page} onChange={(p) => set('page', String(p))} getControlProps={(c) => ({ 'aria-label': t(`pagination.${c}`) })} getItemProps={(p) => ({ 'aria-label': t('pagination.page', { page: p }) })} />
      )}
    </Stack>
  );
}
