import { Alert, Badge, Button, Checkbox, Group, List, NativeSelect, Paper, Progress, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '@tenggat/api-client';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime } from '../format';
import { useI18n, useMigrationsT } from '../i18n';
import { isAdmin, useMe } from '../session';

type Plan = components['schemas']['MigrationPlanView'];
type ClockChange = components['schemas']['ClockChangeView'];
type DryRun = components['schemas']['DryRunView'];
type Applied = components['schemas']['ApplyView'];
type Result = components['schemas']['MigrationResultView'];

const plansKey = (code: string) => ['migrations', code] as const;

/** One clock's change: kind (state), what happens, and its deadline before → after. */
function ClockLine({ c }: { c: ClockChange }) {
  const { locale } = useI18n();
  const m = useMigrationsT();
  const when = (iso: string | null) => (iso ? dateTime(iso, locale) : '–');
  return (
    <List.Item data-clock={`${c.kind}:${c.op}`}>
      {c.kind}
      {c.state ? ` (${c.state})` : ''}: {m(`ops.${c.op}`)}
      {c.deadlineBefore !== null || c.deadlineAfter !== null ? ` · ${when(c.deadlineBefore)} → ${when(c.deadlineAfter)}` : ''}
    </List.Item>
  );
}

/** The form of a new plan: versions, the state map (identity by default), the cases it covers, why. */
function NewPlan({ code, onCreated }: { code: string; onCreated: (p: Plan) => void }) {
  const m = useMigrationsT();
  const detail = useQuery({ queryKey: ['permit-type', code], queryFn: async () => unwrap(await api.GET('/v1/permit-types/{code}', { params: { path: { code } } })) });
  const versions = useQuery({
    queryKey: ['permit-type', code, 'versions'],
    queryFn: async () => unwrap(await api.GET('/v1/permit-types/{code}/versions', { params: { path: { code } } })),
  });
  const numbers = (versions.data ?? []).map((v) => v.version).sort((a, b) => a - b);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [map, setMap] = useState<Record<string, string>>({});
  const [states, setStates] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const open = Object.entries(detail.data?.states ?? {})
    .filter(([, s]) => s.final === undefined)
    .map(([name]) => name);
  useEffect(() => {
    if (numbers.length > 0 && from === '' && to === '') {
      setFrom(String(numbers[Math.max(0, numbers.length - 2)]));
      setTo(String(numbers[numbers.length - 1]));
    }
  }, [numbers, from, to]);
  const openKey = open.join(',');
  // identity by default: each state to the state of the same name
  useEffect(() => setMap(Object.fromEntries(openKey.split(',').filter(Boolean).map((s) => [s, s]))), [openKey]);
  const create = useMutation({
    mutationFn: async () => {
      const stateMap = Object.fromEntries(Object.entries(map).filter(([k, v]) => v !== '' && v !== k));
      return unwrap(
        await api.POST('/v1/admin/permit-types/{code}/migrations', {
          params: { path: { code } },
          body: { fromVersion: Number(from), toVersion: Number(to), stateMap, ...(states.length ? { filter: { states } } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) },
        }),
      );
    },
    onSuccess: (p) => onCreated(p),
  });
  const err = create.error instanceof ApiError ? create.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const options = numbers.map((n) => ({ value: String(n), label: String(n) }));
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        {m('new')}
      </Title>
      <form onSubmit={submit} aria-label={m('new')} noValidate>
        <Stack gap="sm">
          <Group grow>
            <NativeSelect label={m('from')} data={options} value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={err?.fieldError('fromVersion')} />
            <NativeSelect label={m('to')} data={options} value={to} onChange={(e) => setTo(e.currentTarget.value)} error={err?.fieldError('toVersion')} />
          </Group>
          <Text fw={600}>{m('stateMap')}</Text>
          <Text size="sm" c="gray.7">
            {m('stateMapHint')}
          </Text>
          <Table aria-label={m('stateMap')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{m('oldState')}</Table.Th>
                <Table.Th scope="col">{m('newState')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {open.map((s) => (
                <Table.Tr key={s}>
                  <Table.Th scope="row">{s}</Table.Th>
                  <Table.Td>
                    <NativeSelect
                      aria-label={`${m('newState')}: ${s}`}
                      data={[{ value: '', label: m('cannotMoveOption') }, ...open.map((x) => ({ value: x, label: x }))]}
                      value={map[s] ?? s}
                      onChange={(e) => setMap({ ...map, [s]: e.currentTarget.value })}
                      error={err?.fieldError(`stateMap.${s}`)}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Checkbox.Group label={m('filter')} value={states} onChange={setStates}>
            <Group mt={4}>
              {open.map((s) => (
                <Checkbox key={s} value={s} label={s} />
              ))}
            </Group>
          </Checkbox.Group>
          <Textarea label={m('reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={err?.fieldError('reason')} autosize minRows={2} />
          {create.error !== null && <ErrorAlert error={create.error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {m('create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The dry-run report: per case the new state, its clocks' new deadlines and timers, or why it cannot move. */
function DryRunReport({ report }: { report: DryRun }) {
  const { locale } = useI18n();
  const m = useMigrationsT();
  return (
    <Stack gap="xs" data-dry-run>
      <Text role="status">{m('dryAt', { at: dateTime(report.at, locale), canMove: report.canMove, cannotMove: report.cannotMove })}</Text>
      <Table className="data" aria-label={m('dryRun')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{m('case')}</Table.Th>
            <Table.Th scope="col">{m('state')}</Table.Th>
            <Table.Th scope="col">{m('statutory')}</Table.Th>
            <Table.Th scope="col">{m('clocks')}</Table.Th>
            <Table.Th scope="col">{m('timers')}</Table.Th>
            <Table.Th scope="col">{m('why')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.cases.map((c) => (
            <Table.Tr key={c.caseId} data-case={c.reference ?? c.caseId} data-can-move={String(c.canMove)}>
              <Table.Td>{c.reference ?? c.caseId}</Table.Td>
              <Table.Td>
                {c.state} → {c.newState ?? '–'}
              </Table.Td>
              <Table.Td>{c.statutoryRule ? m(`rules.${c.statutoryRule}`, { defaultValue: c.statutoryRule }) : '–'}</Table.Td>
              <Table.Td>
                <List size="sm">
                  {c.clocks.map((k, i) => (
                    <ClockLine key={i} c={k} />
                  ))}
                </List>
              </Table.Td>
              <Table.Td>
                <List size="sm">
                  {c.timers.map((x, i) => (
                    <List.Item key={i}>
                      {x.clock}
                      {x.state ? ` (${x.state})` : ''} {x.kind}: {dateTime(x.dueAt, locale)}
                    </List.Item>
                  ))}
                </List>
              </Table.Td>
              <Table.Td>{c.canMove ? '' : `${c.reason ?? ''}${c.message ? `: ${c.message}` : ''}`}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function ResultsTable({ results }: { results: Result[] }) {
  const m = useMigrationsT();
  return (
    <Table className="data" aria-label={m('resultsTitle')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{m('case')}</Table.Th>
          <Table.Th scope="col">{m('outcome')}</Table.Th>
          <Table.Th scope="col">{m('state')}</Table.Th>
          <Table.Th scope="col">{m('clocks')}</Table.Th>
          <Table.Th scope="col">{m('why')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {results.map((r) => (
          <Table.Tr key={r.caseId} data-result={r.reference ?? r.caseId} data-outcome={r.outcome}>
            <Table.Td>{r.reference ?? r.caseId}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={r.outcome === 'moved' ? 'brand' : r.outcome === 'failed' ? 'danger' : 'amber'}>
                {m(`outcomes.${r.outcome}`)}
              </Badge>
            </Table.Td>
            <Table.Td>
              {r.fromState} → {r.toState ?? '–'}
            </Table.Td>
            <Table.Td>
              <List size="sm">
                {r.clocks.map((k, i) => (
                  <ClockLine key={i} c={k} />
                ))}
              </List>
            </Table.Td>
            <Table.Td>{r.outcome === 'moved' ? '' : `${r.reason ?? ''}${r.message ? `: ${r.message}` : ''}`}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One plan: its effective map and policy, the dry run, applying it, and the result per case. */
function PlanPanel({ code, plan, admin }: { code: string; plan: Plan; admin: boolean }) {
  const m = useMigrationsT();
  const qc = useQueryClient();
  const path = { code, id: plan.id };
  const dry = useMutation({ mutationFn: async () => unwrap(await api.GET('/v1/admin/permit-types/{code}/migrations/{id}/dry-run', { params: { path } })) });
  const [applied, setApplied] = useState<Applied | null>(null);
  const apply = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/admin/permit-types/{code}/migrations/{id}/apply', { params: { path }, body: { batchSize: 50 } })),
    onSuccess: async (r) => {
      setApplied(r);
      await qc.invalidateQueries({ queryKey: plansKey(code) });
    },
  });
  const results = useQuery({
    queryKey: [...plansKey(code), plan.id, 'results', plan.status, plan.results.moved + plan.results.blocked + plan.results.failed],
    enabled: applied === null && plan.results.moved + plan.results.blocked + plan.results.failed > 0,
    queryFn: async () => unwrap(await api.GET('/v1/admin/permit-types/{code}/migrations/{id}/results', { params: { path } })),
  });
  const lines = applied?.results ?? results.data?.results ?? [];
  return (
    <Paper withBorder p="md" data-plan={plan.id}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3">
          {m('plan')} {plan.fromVersion} → {plan.toVersion}
        </Title>
        <Badge variant="light">{m(`statuses.${plan.status}`)}</Badge>
      </Group>
      {plan.reason && <Text mb="xs">{plan.reason}</Text>}
      <Text size="sm" mb="xs">
        {m('policy', { from: plan.processingWorkingDaysFrom, to: plan.processingWorkingDaysTo, policy: m(`policies.${plan.processingTimePolicy}`) })}
      </Text>
      <Title order={3} size="h4" mb={4}>
        {m('effectiveMap')}
      </Title>
      <List size="sm" mb="sm" data-effective-map>
        {Object.entries(plan.effectiveMap).map(([k, v]) => (
          <List.Item key={k}>
            {k} → {v ?? m('cannotMoveOption')}
          </List.Item>
        ))}
      </List>
      <Group mb="sm">
        <Button variant="default" onClick={() => dry.mutate()} loading={dry.isPending}>
          {m('runDry')}
        </Button>
        {admin && (
          <Button onClick={() => apply.mutate()} loading={apply.isPending}>
            {m('apply')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={dry.error ?? apply.error ?? results.error} />
      {apply.isPending && (
        <Stack gap={4} mb="sm">
          <Text role="status">{m('applying')}</Text>
          <Progress value={100} animated aria-label={m('applying')} />
        </Stack>
      )}
      {applied && (
        <Alert color="brand" mb="sm" data-applied>
          {m('applied', { moved: applied.moved, blocked: applied.blocked, failed: applied.failed, batches: applied.batches })}
        </Alert>
      )}
      {dry.data && <DryRunReport report={dry.data} />}
      {lines.length > 0 && (
        <>
          <Title order={3} size="h4" mt="sm" mb={4}>
            {m('resultsTitle')}
          </Title>
          <ResultsTable results={lines} />
        </>
      )}
    </Paper>
  );
}

/**
 * Migration of running cases to a newer version of their permit type: the plans, a new plan, the
 * dry-run report and the result of applying it. Admins plan and apply; supervisors read.
 */
export default function AdminMigrationsPage() {
  const { t, locale } = useI18n();
  const m = useMigrationsT();
  const me = useMe();
  const admin = me.data ? isAdmin(me.data) : false;
  const qc = useQueryClient();
  const types = useQuery({ queryKey: ['permit-types'], queryFn: async () => unwrap(await api.GET('/v1/permit-types', { params: { query: { pageSize: 100 } } })) });
  const [code, setCode] = useState<string | null>(null);
  const current = code ?? types.data?.items[0]?.code ?? null;
  const plans = useQuery({
    queryKey: plansKey(current ?? ''),
    enabled: current !== null,
    queryFn: async () => unwrap(await api.GET('/v1/admin/permit-types/{code}/migrations', { params: { path: { code: current ?? '' } } })),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const plan = plans.data?.find((p) => p.id === selected) ?? null;
  return (
    <Stack>
      <Title order={1}>{m('title')}</Title>
      <Text>{m('intro')}</Text>
      {!admin && <Text size="sm">{m('readOnly')}</Text>}
      <ErrorAlert error={types.error ?? plans.error} />
      <NativeSelect
        label={t('permitTypes.pick')}
        data={(types.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))}
        value={current ?? ''}
        onChange={(e) => {
          setCode(e.currentTarget.value);
          setSelected(null);
        }}
      />
      {current && (
        <SimpleGrid cols={{ base: 1, lg: admin ? 2 : 1 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h3" mb="sm">
              {m('plans')}
            </Title>
            {plans.data?.length === 0 && <Text>{m('none')}</Text>}
            {plans.data && plans.data.length > 0 && (
              <Table className="data" aria-label={m('plans')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{m('versions')}</Table.Th>
                    <Table.Th scope="col">{m('status')}</Table.Th>
                    <Table.Th scope="col">{m('created')}</Table.Th>
                    <Table.Th scope="col">{m('results')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {plans.data.map((p) => (
                    <Table.Tr key={p.id} data-plan-row={p.id} aria-selected={p.id === selected}>
                      <Table.Td>
                        <Button variant="subtle" size="compact-sm" onClick={() => setSelected(p.id)} aria-label={m('open', { from: p.fromVersion, to: p.toVersion })}>
                          {p.fromVersion} → {p.toVersion}
                        </Button>
                      </Table.Td>
                      <Table.Td>{m(`statuses.${p.status}`)}</Table.Td>
                      <Table.Td>{dateTime(p.createdAt, locale)}</Table.Td>
                      <Table.Td>{m('counts', p.results)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
          {admin && (
            <NewPlan
              key={current}
              code={current}
              onCreated={(p) => {
                setSelected(p.id);
                void qc.invalidateQueries({ queryKey: plansKey(current) });
              }}
            />
          )}
        </SimpleGrid>
      )}
      {current && plan && <PlanPanel key={plan.id} code={current} plan={plan} admin={admin} />}
    </Stack>
  );
}
