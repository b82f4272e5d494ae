import { Alert, Badge, Button, Checkbox, Group, List, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { WorkingDaysLeft } from '../components/Urgency';
import { useI18n } from '../i18n';

type Pick = 'stuck' | 'escalated' | 'all';
const asPick = (v: string): Pick => (v === 'stuck' || v === 'escalated' ? v : 'all');

/** The supervisor board: counts, workload, stuck cases, escalations, and bulk reassignment. */
export default function BoardPage() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const board = useQuery({ queryKey: ['board'], queryFn: async () => unwrap(await api.GET('/v1/queue/board')), refetchInterval: 10_000 });
  const [pick, setPick] = useState<Pick>('stuck');
  const [idle, setIdle] = useState<number>(3);
  const query = { pageSize: 100, ...(pick === 'stuck' ? { idleWorkingDays: idle } : pick === 'escalated' ? { flagged: 'escalated' as const } : {}) };
  const cases = useQuery({ queryKey: ['queue', 'board', query], queryFn: async () => unwrap(await api.GET('/v1/queue', { params: { query } })) });
  const [selected, setSelected] = useState<string[]>([]);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const bulk = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/queue/bulk-assign', { body: { ids: selected, assigneeId: assignee ?? '', reason } })),
    onSuccess: async () => {
      setSelected([]);
      await qc.invalidateQueries({ queryKey: ['queue'] });
      await qc.invalidateQueries({ queryKey: ['board'] });
    },
  });
  const err = bulk.error instanceof ApiError ? bulk.error : undefined;
  const refOf = new Map((cases.data?.items ?? []).map((i) => [i.id, i.reference ?? i.id]));
  const staff = board.data?.workload ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    bulk.mutate();
  };
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));
  const all = cases.data?.items.map((i) => i.id) ?? [];

  return (
    <Stack>
      <Title order={1}>{t('board.title')}</Title>
      <ErrorAlert error={board.error} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="md">
          <Title order={2} size="h3" mb="sm">
            {t('board.counts')}
          </Title>
          <Table className="data" aria-label={t('board.counts')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('inbox.cols.permitType')}</Table.Th>
                <Table.Th scope="col">{t('inbox.cols.state')}</Table.Th>
                <Table.Th scope="col">{t('board.open')}</Table.Th>
                <Table.Th scope="col">{t('flags.warned')}</Table.Th>
                <Table.Th scope="col">{t('flags.breached')}</Table.Th>
                <Table.Th scope="col">{t('flags.escalated')}</Table.Th>
                <Table.Th scope="col">{t('board.unassigned')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {board.data?.counts.map((c) => (
                <Table.Tr key={`${c.permitType}-${c.state}`}>
                  <Table.Td>{c.permitType}</Table.Td>
                  <Table.Td>{c.stateLabel ?? c.state}</Table.Td>
                  <Table.Td>{c.open}</Table.Td>
                  <Table.Td>{c.warned}</Table.Td>
                  <Table.Td>{c.breached}</Table.Td>
                  <Table.Td>{c.escalated}</Table.Td>
                  <Table.Td>{c.unassigned}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h3" mb="sm">
            {t('board.workload')}
          </Title>
          <Table className="data" aria-label={t('board.workload')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('account.name')}</Table.Th>
                <Table.Th scope="col">{t('account.roles')}</Table.Th>
                <Table.Th scope="col">{t('board.open')}</Table.Th>
                <Table.Th scope="col">{t('flags.warned')}</Table.Th>
                <Table.Th scope="col">{t('flags.breached')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {staff.map((w) => (
                <Table.Tr key={w.id}>
                  <Table.Td>{w.name}</Table.Td>
                  <Table.Td>{w.roles.join(', ')}</Table.Td>
                  <Table.Td>{w.open}</Table.Td>
                  <Table.Td>{w.warned}</Table.Td>
                  <Table.Td>{w.breached}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          {t('board.cases')}
        </Title>
        <Group align="end" mb="sm">
          <SegmentedControl
            aria-label={t('board.which')}
            value={pick}
            onChange={(v) => {
              setPick(asPick(v));
              setSelected([]);
            }}
            data={[
              { value: 'stuck', label: t('board.stuck') },
              { value: 'escalated', label: t('board.escalations') },
              { value: 'all', label: t('board.allOpen') },
            ]}
          />
          {pick === 'stuck' && <NumberInput label={t('board.idleDays')} min={1} max={60} value={idle} onChange={(v) => setIdle(typeof v === 'number' && v >= 1 ? v : 1)} w={220} />}
        </Group>
        <ErrorAlert error={cases.error} />
        <Table.ScrollContainer minWidth={800}>
          <Table className="data" aria-label={t('board.cases')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">
                  <Checkbox
                    aria-label={t('board.selectAll')}
                    checked={all.length > 0 && selected.length === all.length}
                    indeterminate={selected.length > 0 && selected.length < all.length}
                    onChange={(e) => setSelected(e.currentTarget.checked ? all : [])}
                  />
                </Table.Th>
                <Table.Th scope="col">{t('inbox.cols.reference')}</Table.Th>
                <Table.Th scope="col">{t('inbox.cols.permitType')}</Table.Th>
                <Table.Th scope="col">{t('inbox.cols.state')}</Table.Th>
                <Table.Th scope="col">{t('inbox.cols.holder')}</Table.Th>
                <Table.Th scope="col">{t('inbox.cols.legalDays')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cases.data?.items.map((i) => (
                <Table.Tr key={i.id} data-case={i.reference ?? i.id}>
                  <Table.Td>
                    <Checkbox aria-label={t('board.select', { ref: i.reference ?? i.id })} checked={selected.includes(i.id)} onChange={(e) => toggle(i.id, e.currentTarget.checked)} />
                  </Table.Td>
                  <Table.Td>
                    <Link to={`/cases/${i.id}`}>{i.reference ?? i.id}</Link>
                    {i.escalated && (
                      <Badge ml="xs" color="danger" variant="filled" size="sm">
                        {t('flags.escalated')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{i.permitType}</Table.Td>
                  <Table.Td>{i.stateLabel ?? i.state}</Table.Td>
                  <Table.Td>{i.assigneeName ?? '–'}</Table.Td>
                  <Table.Td>
                    <WorkingDaysLeft days={i.statutoryRemainingWorkingDays} breached={i.breached} warned={i.warned} locale={locale} label={t('inbox.cols.legalDays')} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {cases.data && cases.data.items.length === 0 && <Text>{t('inbox.empty')}</Text>}
      </Paper>

      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={t('board.reassign')}>
        <Title order={2} size="h3" mb="sm">
          {t('board.reassign')}
        </Title>
        <Stack>
          <Text size="sm">{t('board.selectedCount', { count: selected.length })}</Text>
          {err && !err.problem?.errors?.length && <ErrorAlert error={bulk.error} />}
          <Group align="start" grow>
            <Select
              label={t('board.assignee')}
              withAsterisk
              searchable
              data={staff.map((s) => ({ value: s.id, label: `${s.name} (${s.roles.join(', ')})` }))}
              value={assignee}
              onChange={setAssignee}
              error={err?.fieldError('assigneeId')}
            />
            <Textarea label={t('board.reason')} withAsterisk value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={err?.fieldError('reason')} autosize minRows={1} />
          </Group>
          {err?.fieldError('ids') && (
            <Text c="danger.7" size="sm" role="alert">
              {t('board.pickCases')}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={bulk.isPending}>
              {t('board.reassignSubmit', { count: selected.length })}
            </Button>
          </Group>
          {bulk.data && (
            <Alert color={bulk.data.failed ? 'amber' : 'brand'} role="status" title={t('board.result', { assigned: bulk.data.assigned, failed: bulk.data.failed })}>
              <List size="sm">
                {bulk.data.results.map((r) => (
                  <List.Item key={r.id}>
                    {refOf.get(r.id) ?? r.id}: {r.ok ? t('board.done') : t('board.failed', { reason: r.problem?.detail ?? '' })}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
