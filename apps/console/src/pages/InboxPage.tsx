import { Badge, Button, Group, Pagination, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { WorkingDaysLeft } from '../components/Urgency';
import { date } from '../format';
import { useI18n } from '../i18n';
import { useLiveQueue } from '../live';
import { useMe } from '../session';

const PAGE_SIZE = 25;
type View = 'me' | 'unassigned' | 'any';
type Flag = 'warned' | 'breached' | 'escalated';
type Due = 'overdue' | '2' | '5';

const asView = (v: string | null): View => (v === 'me' || v === 'unassigned' ? v : 'any');
const asFlag = (v: string | null): Flag | undefined => (v === 'warned' || v === 'breached' || v === 'escalated' ? v : undefined);
const asDue = (v: string | null): Due | undefined => (v === 'overdue' || v === '2' || v === '5' ? v : undefined);

/** The officer's home: the agency queue in urgency order (as GET /v1/queue orders it), with claim and release inline. */
export default function InboxPage() {
  const { t, locale } = useI18n();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const [view, setView] = useState<View>('unassigned');
  const [permitType, setPermitType] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [flag, setFlag] = useState<Flag | undefined>();
  const [due, setDue] = useState<Due | undefined>();
  const [page, setPage] = useState(1);
  const [seenTypes, setSeenTypes] = useState<string[]>([]);
  const [seenStates, setSeenStates] = useState<{ value: string; label: string }[]>([]);
  const live = useLiveQueue();

  const query = {
    assigned: view,
    page,
    pageSize: PAGE_SIZE,
    ...(permitType ? { permitType } : {}),
    ...(state ? { state } : {}),
    ...(flag ? { flagged: flag } : {}),
    ...(due ? { dueWithin: due } : {}),
  };
  const queue = useQuery({
    queryKey: ['queue', query],
    queryFn: async () => {
      const data = unwrap(await api.GET('/v1/queue', { params: { query } }));
      // remember the permit types and states seen, as filter choices
      setSeenTypes((old) => [...new Set([...old, ...data.items.map((i) => i.permitType)])].sort());
      setSeenStates((old) => {
        const m = new Map(old.map((s) => [s.value, s.label]));
        for (const i of data.items) m.set(i.state, i.stateLabel ?? i.state);
        return [...m].map(([value, label]) => ({ value, label }));
      });
      return data;
    },
    placeholderData: keepPreviousData,
    refetchInterval: live ? 60_000 : 3_000, // the live stream refreshes it; polling is the fallback while it is down
  });

  const claim = useMutation({
    mutationFn: async ({ id, kind }: { id: string; kind: 'claim' | 'release' }) =>
      unwrap(kind === 'claim' ? await api.POST('/v1/applications/{id}/claim', { params: { path: { id } } }) : await api.POST('/v1/applications/{id}/release', { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['queue'] }),
  });

  const reset = (fn: () => void) => {
    fn();
    setPage(1);
  };
  const data = queue.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('inbox.title')}</Title>
        <Group gap="sm">
          <Badge variant="light" color={live ? 'brand' : 'amber'} data-live={live}>
            {live ? t('inbox.live') : t('inbox.polling')}
          </Badge>
          <Text size="sm" role="status" aria-live="polite">
            {data ? t(data.totalIsExact ? 'inbox.count' : 'inbox.countAtLeast', { count: data.total }) : ''}
          </Text>
        </Group>
      </Group>
      <SegmentedControl
        aria-label={t('inbox.view')}
        value={view}
        onChange={(v) => reset(() => setView(asView(v)))}
        data={[
          { value: 'unassigned', label: t('inbox.views.unassigned') },
          { value: 'me', label: t('inbox.views.me') },
          { value: 'any', label: t('inbox.views.any') },
        ]}
      />
      <Group align="end" role="search" aria-label={t('inbox.filters')}>
        <Select label={t('inbox.permitType')} placeholder={t('common.all')} clearable data={seenTypes} value={permitType} onChange={(v) => reset(() => setPermitType(v))} />
        <Select label={t('inbox.state')} placeholder={t('common.all')} clearable data={seenStates} value={state} onChange={(v) => reset(() => setState(v))} />
        <Select
          label={t('inbox.flag')}
          placeholder={t('common.all')}
          clearable
          value={flag ?? null}
          onChange={(v) => reset(() => setFlag(asFlag(v)))}
          data={[
            { value: 'warned', label: t('flags.warned') },
            { value: 'breached', label: t('flags.breached') },
            { value: 'escalated', label: t('flags.escalated') },
          ]}
        />
        <Select
          label={t('inbox.due')}
          placeholder={t('common.all')}
          clearable
          value={due ?? null}
          onChange={(v) => reset(() => setDue(asDue(v)))}
          data={[
            { value: 'overdue', label: t('inbox.dueOptions.overdue') },
            { value: '2', label: t('inbox.dueOptions.within', { count: 2 }) },
            { value: '5', label: t('inbox.dueOptions.within', { count: 5 }) },
          ]}
        />
      </Group>
      <ErrorAlert error={queue.error} />
      {claim.error && (
        <ErrorAlert
          error={claim.error}
          title={claim.error instanceof ApiError && claim.error.status === 409 ? t('inbox.claimConflict') : undefined}
        />
      )}
      <Table.ScrollContainer minWidth={1000}>
        <Table striped highlightOnHover className="data" aria-label={t('inbox.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('inbox.cols.reference')}</Table.Th>
              <Table.Th scope="col">{t('inbox.cols.permitType')}</Table.Th>
              <Table.Th scope="col">{t('inbox.cols.applicant')}</Table.Th>
              <Table.Th scope="col">{t('inbox.cols.state')}</Table.Th>
              <Table.Th scope="col">{t('inbox.cols.holder')}</Table.Th>
              <Table.Th scope="col">{t('inbox.cols.stateDays')}</Table.Th>
              <Table.Th scope="col">{t('inbox.cols.legalDays')}</Table.Th>
              <Table.Th scope="col">{t('inbox.cols.notices')}</Table.Th>
              <Table.Th scope="col">{t('inbox.cols.received')}</Table.Th>
              <Table.Th scope="col">{t('inbox.cols.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((i) => (
              <Table.Tr key={i.id} data-case={i.reference ?? i.id}>
                <Table.Td>
                  <Link to={`/cases/${i.id}`}>{i.reference ?? i.id}</Link>
                  {i.escalated && (
                    <Badge ml="xs" color="danger" variant="filled" size="sm">
                      {t('flags.escalated')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{i.permitType}</Table.Td>
                <Table.Td>{i.applicantName ?? '–'}</Table.Td>
                <Table.Td>
                  {i.stateLabel ?? i.state}
                  {i.clockStopped && (
                    <Badge ml="xs" color="amber" variant="light" size="sm">
                      {t('flags.stopped')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{i.assigneeId === me?.id ? t('inbox.you') : (i.assigneeName ?? '–')}</Table.Td>
                <Table.Td>
                  <WorkingDaysLeft days={i.remainingWorkingDays} warned={i.warned} breached={i.stateSlaBreached} locale={locale} label={t('inbox.cols.stateDays')} />
                </Table.Td>
                <Table.Td>
                  <WorkingDaysLeft days={i.statutoryRemainingWorkingDays} breached={i.breached} warned={i.warned} locale={locale} label={t('inbox.cols.legalDays')} />
                </Table.Td>
                <Table.Td>{t('inbox.noticesOf', { sent: i.deficiencyNotices.sent, max: i.deficiencyNotices.max })}</Table.Td>
                <Table.Td>{date(i.submittedAt, locale)}</Table.Td>
                <Table.Td>
                  {i.assigneeId === null && (
                    <Button size="xs" loading={claim.isPending && claim.variables.id === i.id} onClick={() => claim.mutate({ id: i.id, kind: 'claim' })} aria-label={t('inbox.claimCase', { ref: i.reference })}>
                      {t('actions.claim')}
                    </Button>
                  )}
                  {i.assigneeId === me?.id && (
                    <Button size="xs" variant="default" onClick={() => claim.mutate({ id: i.id, kind: 'release' })} aria-label={t('inbox.releaseCase', { ref: i.reference })}>
                      {t('actions.release')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && data.items.length === 0 && <Text>{t('inbox.empty')}</Text>}
      <Pagination total={pages} value={page} onChange={setPage} getControlProps={(c) => ({ 'aria-label': t(`pagination.${c}`) })} getItemProps={(p) => ({ 'aria-label': t('pagination.page', { page: p }) })} />
    </Stack>
  );
}
