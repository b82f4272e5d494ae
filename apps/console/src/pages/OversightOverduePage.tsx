import { Anchor, Button, Checkbox, Group, NumberInput, Pagination, Paper, Select, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime, money, number } from '../format';
import { useI18n, useOversightT } from '../i18n';
import { DashboardFilterBar, OversightNav } from '../oversight/Filters';
import { overdueSearch, useOverdue, type OverdueQuery } from '../oversight/queries';

const RESOLUTIONS = ['open', 'escalated', 'deemed-approved', 'decided-late', 'withdrawn'] as const;
type Resolution = (typeof RESOLUTIONS)[number];
type Sort = NonNullable<OverdueQuery['sort']>;
const PAGE_SIZE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | undefined => list.find((x) => x === v);
const int = (v: string | null): number | undefined => (v !== null && /^\d{1,4}$/.test(v) ? Number(v) : undefined);
const day = (v: string | null): string | undefined => (v !== null && DAY.test(v) ? v : undefined);

/** Every filter of GET /v1/oversight/overdue, read from the URL. */
function queryOf(p: URLSearchParams): OverdueQuery {
  return {
    agency: p.get('agency') || undefined,
    permitType: p.get('permitType') || undefined,
    state: p.get('state') || undefined,
    minDaysOverdue: int(p.get('minDaysOverdue')),
    maxDaysOverdue: int(p.get('maxDaysOverdue')),
    resolution: oneOf(RESOLUTIONS, p.get('resolution')),
    includeClosed: p.get('includeClosed') === 'true' ? true : undefined,
    deadlineFrom: day(p.get('deadlineFrom')),
    deadlineTo: day(p.get('deadlineTo')),
    submittedFrom: day(p.get('submittedFrom')),
    submittedTo: day(p.get('submittedTo')),
    sort: oneOf<Sort>(['daysOverdue', 'deadline', 'agency'], p.get('sort')),
    order: oneOf(['asc', 'desc'] as const, p.get('order')),
    page: int(p.get('page')) ?? 1,
    pageSize: PAGE_SIZE,
  };
}

/** The overdue list with every filter the API has, sortable, paged, with the CSV of every matching row. */
export default function OverduePage() {
  const { t, locale } = useI18n();
  const to = useOversightT();
  const [params, setParams] = useSearchParams();
  const q = queryOf(params);
  const list = useOverdue(q);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const sortBy = (s: Sort) => {
    const next = new URLSearchParams(params);
    const current = q.sort ?? 'daysOverdue';
    const defaultOrder = s === 'daysOverdue' ? 'desc' : 'asc';
    const order = current === s ? ((q.order ?? defaultOrder) === 'asc' ? 'desc' : 'asc') : defaultOrder;
    next.set('sort', s);
    next.set('order', order);
    next.delete('page');
    setParams(next);
  };
  const sortState = (s: Sort): 'ascending' | 'descending' | 'none' => {
    const current = q.sort ?? 'daysOverdue';
    if (current !== s) return 'none';
    return (q.order ?? (s === 'daysOverdue' ? 'desc' : 'asc')) === 'asc' ? 'ascending' : 'descending';
  };
  const SortHeader = ({ s, label }: { s: Sort; label: string }) => (
    <Table.Th scope="col" aria-sort={sortState(s)}>
      <UnstyledButton onClick={() => sortBy(s)} fw={700} fz="sm">
        {label} {sortState(s) === 'ascending' ? '▲' : sortState(s) === 'descending' ? '▼' : '↕'}
      </UnstyledButton>
    </Table.Th>
  );
  const csvHref = `/v1/oversight/overdue.csv?${overdueSearch(q, true)}`;
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <Stack>
      <Title order={1}>{to('overdue.title')}</Title>
      <OversightNav />
      <DashboardFilterBar withPeriod={false} withZone={false} />
      <Paper withBorder p="sm">
        <Group align="end" gap="sm" wrap="wrap">
          <TextInput label={to('overdue.state')} value={q.state ?? ''} onChange={(e) => set('state', e.currentTarget.value.trim() || undefined)} w={160} />
          <NumberInput label={to('overdue.minDays')} min={0} max={3660} value={q.minDaysOverdue ?? ''} onChange={(v) => set('minDaysOverdue', v === '' ? undefined : String(v))} w={150} />
          <NumberInput label={to('overdue.maxDays')} min={0} max={3660} value={q.maxDaysOverdue ?? ''} onChange={(v) => set('maxDaysOverdue', v === '' ? undefined : String(v))} w={150} />
          <Select
            label={to('overdue.resolution')}
            data={RESOLUTIONS.map((r: Resolution) => ({ value: r, label: to(`resolution.${r}`) }))}
            value={q.resolution ?? null}
            onChange={(v) => set('resolution', v ?? undefined)}
            placeholder={t('common.all')}
            clearable
            w={190}
          />
          <TextInput type="date" label={to('overdue.deadlineFrom')} value={q.deadlineFrom ?? ''} onChange={(e) => set('deadlineFrom', e.currentTarget.value || undefined)} />
          <TextInput type="date" label={to('overdue.deadlineTo')} value={q.deadlineTo ?? ''} onChange={(e) => set('deadlineTo', e.currentTarget.value || undefined)} />
          <TextInput type="date" label={to('overdue.submittedFrom')} value={q.submittedFrom ?? ''} onChange={(e) => set('submittedFrom', e.currentTarget.value || undefined)} />
          <TextInput type="date" label={to('overdue.submittedTo')} value={q.submittedTo ?? ''} onChange={(e) => set('submittedTo', e.currentTarget.value || undefined)} />
          <Checkbox label={to('overdue.includeClosed')} checked={q.includeClosed === true} onChange={(e) => set('includeClosed', e.currentTarget.checked ? 'true' : undefined)} mb={8} />
        </Group>
      </Paper>
      <ErrorAlert error={list.error} />
      <Group justify="space-between">
        <Text role="status">{data ? to(data.totalIsExact ? 'overdue.count' : 'overdue.countAtLeast', { count: data.total }) : t('common.loading')}</Text>
        <Button component="a" href={csvHref} download="overdue.csv" variant="default">
          {to('overdue.csv')}
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={1100}>
        <Table className="data" striped aria-label={to('overdue.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{to('overdue.reference')}</Table.Th>
              <SortHeader s="agency" label={to('filters.agency')} />
              <Table.Th scope="col">{to('filters.permitType')}</Table.Th>
              <Table.Th scope="col">{to('overdue.state')}</Table.Th>
              <Table.Th scope="col">{to('overdue.resolution')}</Table.Th>
              <SortHeader s="deadline" label={to('overdue.deadline')} />
              <SortHeader s="daysOverdue" label={to('overdue.daysOverdue')} />
              <Table.Th scope="col">{to('overdue.stops')}</Table.Th>
              <Table.Th scope="col">{to('overdue.notices')}</Table.Th>
              <Table.Th scope="col">{to('figures.compensation')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((r) => (
              <Table.Tr key={r.id} data-case={r.reference ?? r.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/oversight/cases/${r.id}`}>
                    {r.reference ?? r.id}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.agency}</Table.Td>
                <Table.Td>{r.permitType}</Table.Td>
                <Table.Td>{r.state}</Table.Td>
                <Table.Td>{to(`resolution.${r.resolution}`)}</Table.Td>
                <Table.Td>{dateTime(r.deadline, locale)}</Table.Td>
                <Table.Td>
                  <span className="urgency urgency-red">{number(r.workingDaysOverdue, locale, 0)}</span>
                </Table.Td>
                <Table.Td>{to('overdue.stopsValue', { stops: r.clockStops, days: number(r.stoppedCalendarDays, locale, 1) })}</Table.Td>
                <Table.Td>{r.deficiencyNotices}</Table.Td>
                <Table.Td>{r.compensationCurrency ? money(r.compensationOwed, r.compensationCurrency, locale) : '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && data.total === 0 && <Text>{to('overdue.none')}</Text>}
      {pages > 1 && <Pagination total={pages} value={q.page ?? 1} onChange={(p) => set('page', String(p))} getControlProps={(c) => ({ 'aria-label': t(`pagination.${c}`) })} getItemProps={(p) => ({ 'aria-label': t('pagination.page', { page: p }) })} />}
    </Stack>
  );
}
