import { Anchor, Button, Group, MultiSelect, NumberInput, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime, money, number } from '../format';
import { useI18n, useOversightT } from '../i18n';
import { OversightNav } from '../oversight/Filters';
import { usePermitTypeOptions } from '../oversight/queries';
import {
  isActive,
  parseAddedDays,
  parseDates,
  useCalendarOptions,
  useCancelWhatIfRun,
  useCreateWhatIfRun,
  useWhatIfReport,
  useWhatIfRun,
  type CreateWhatIfRun,
  type WhatIfReport,
  type WhatIfSide,
} from '../oversight/whatif';

const WhatIfCharts = lazy(() => import('../oversight/WhatIfCharts'));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request form: proposal (YAML), calendar change, warning share, period and agencies. What was typed stays through errors. */
function RunForm({ onStarted }: { onStarted: (id: string) => void }) {
  const { t } = useI18n();
  const to = useOversightT();
  const types = usePermitTypeOptions();
  const calendars = useCalendarOptions();
  const create = useCreateWhatIfRun();
  const [from, setFrom] = useState('');
  const [toDate, setTo] = useState('');
  const [agencies, setAgencies] = useState<string[]>([]);
  const [proposal, setProposal] = useState('');
  const [calendar, setCalendar] = useState<string | null>(null);
  const [added, setAdded] = useState('');
  const [removed, setRemoved] = useState('');
  const [share, setShare] = useState<string | number>('');
  const agencyOptions = [...new Set((types.data?.items ?? []).map((p) => p.agency))].sort();
  const err = create.error instanceof ApiError ? create.error : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CreateWhatIfRun = {
      from,
      to: toDate,
      ...(agencies.length ? { agencies } : {}),
      ...(proposal.trim() ? { proposal } : {}),
      ...(calendar ? { calendar: { calendar, add: parseAddedDays(added), remove: parseDates(removed) } } : {}),
      ...(share !== '' ? { warningShare: Number(share) } : {}),
    };
    create.mutate(body, { onSuccess: (run) => onStarted(run.id) });
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="whatif-request">
      <Title order={2} size="h3" id="whatif-request" mb="xs">
        {to('whatif.request')}
      </Title>
      <Text size="sm" mb="sm">
        {to('whatif.requestHelp')}
      </Text>
      <Stack gap="sm">
        <Group align="start" gap="sm" wrap="wrap">
          <TextInput type="date" required label={to('whatif.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={err?.fieldError('from')} />
          <TextInput type="date" required label={to('whatif.to')} value={toDate} onChange={(e) => setTo(e.currentTarget.value)} error={err?.fieldError('to')} />
          <MultiSelect
            label={to('whatif.agencies')}
            data={agencyOptions}
            value={agencies}
            onChange={setAgencies}
            placeholder={agencies.length ? undefined : t('common.all')}
            clearable
            w={360}
            error={err?.fieldError('agencies')}
          />
          <NumberInput
            label={to('whatif.warningShare')}
            description={to('whatif.warningShareHelp')}
            min={0.05}
            max={0.95}
            step={0.05}
            decimalScale={2}
            value={share}
            onChange={setShare}
            w={220}
            error={err?.fieldError('warningShare')}
          />
        </Group>
        <Textarea
          label={to('whatif.proposal')}
          description={to('whatif.proposalHelp')}
          value={proposal}
          onChange={(e) => setProposal(e.currentTarget.value)}
          autosize
          minRows={6}
          maxRows={24}
          styles={{ input: { fontFamily: 'monospace' } }}
          spellCheck={false}
          error={err?.problem?.errors?.filter((f) => f.field.startsWith('proposal')).map((f) => `${f.field.replace(/^proposal\.?/, '') || '-'}: ${f.message}`).join('; ') || undefined}
        />
        <Group align="start" gap="sm" wrap="wrap">
          <Select
            label={to('whatif.calendar')}
            data={(calendars.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))}
            value={calendar}
            onChange={setCalendar}
            placeholder={to('whatif.noCalendarChange')}
            clearable
            w={300}
            error={err?.fieldError('calendar')}
          />
          <Textarea label={to('whatif.addDays')} description={to('whatif.addDaysHelp')} value={added} onChange={(e) => setAdded(e.currentTarget.value)} autosize minRows={2} w={320} disabled={!calendar} />
          <Textarea label={to('whatif.removeDays')} description={to('whatif.removeDaysHelp')} value={removed} onChange={(e) => setRemoved(e.currentTarget.value)} autosize minRows={2} w={260} disabled={!calendar} />
        </Group>
        <ErrorAlert error={create.error} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {to('whatif.start')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Status and progress of a run (cases done of total), with cancel while it is worked. */
function RunProgress({ id }: { id: string }) {
  const { locale } = useI18n();
  const to = useOversightT();
  const run = useWhatIfRun(id);
  const cancel = useCancelWhatIfRun();
  const r = run.data;
  if (run.error) return <ErrorAlert error={run.error} />;
  if (!r) return null;
  const total = r.progress.total;
  const pct = total ? Math.min(100, Math.round((r.progress.done / total) * 100)) : r.status === 'done' ? 100 : 0;
  return (
    <Paper withBorder p="md" aria-labelledby="whatif-run">
      <Title order={2} size="h3" id="whatif-run" mb="xs">
        {to('whatif.run')}
      </Title>
      <Text size="sm">
        {to('whatif.runSummary', {
          from: r.from,
          to: r.to,
          agencies: r.agencies.length ? r.agencies.join(', ') : to('whatif.allAgencies'),
          created: dateTime(r.createdAt, locale),
        })}
      </Text>
      <Text size="sm">{[r.permitType ? to('whatif.proposes', { code: r.permitType }) : null, r.calendarChange ? to('whatif.proposesCalendar') : null, r.warningShare !== null ? to('whatif.proposesShare', { share: number(r.warningShare, locale) }) : null].filter(Boolean).join(' · ') || to('whatif.proposesNothing')}</Text>
      <Group mt="sm" align="center" gap="md">
        <Progress value={pct} w={320} aria-label={to('whatif.progressLabel')} animated={isActive(r)} />
        <Text role="status" data-run-status={r.status}>
          {to(`whatif.status.${r.status}`)} · {total === null ? to('whatif.counting') : to('whatif.progress', { done: number(r.progress.done, locale, 0), total: number(total, locale, 0) })}
        </Text>
        {isActive(r) && (
          <Button variant="default" color="danger" onClick={() => cancel.mutate(id)} loading={cancel.isPending}>
            {to('whatif.cancel')}
          </Button>
        )}
      </Group>
      {r.error && (
        <Text c="red.8" mt="xs">
          {r.error}
        </Text>
      )}
      <ErrorAlert error={cancel.error} />
    </Paper>
  );
}

/** One figure of both sides: actual, proposal, and the change. */
function Pair({ a, p, fmt }: { a: number | null; p: number | null; fmt: (n: number) => string }) {
  const show = (n: number | null) => (n === null ? '–' : fmt(n));
  return (
    <>
      <Table.Td>{show(a)}</Table.Td>
      <Table.Td fw={a !== p ? 700 : undefined}>{show(p)}</Table.Td>
    </>
  );
}

function ReportView({ id, report }: { id: string; report: WhatIfReport }) {
  const { locale } = useI18n();
  const to = useOversightT();
  const t = report.totals;
  const n = (x: number) => number(x, locale, 0);
  const d = (x: number) => number(x, locale, 2);
  const pct = (x: number) => `${number(x * 100, locale, 1)} %`;
  const idr = (x: number) => money(x, 'IDR', locale);
  const cols: { key: keyof WhatIfSide; label: string; fmt: (x: number) => string }[] = [
    { key: 'cases', label: to('whatif.col.cases'), fmt: n },
    { key: 'decided', label: to('whatif.col.decided'), fmt: n },
    { key: 'breaches', label: to('whatif.col.breaches'), fmt: n },
    { key: 'breachRate', label: to('whatif.col.breachRate'), fmt: pct },
    { key: 'medianWorkingDays', label: to('whatif.col.median'), fmt: d },
    { key: 'p90WorkingDays', label: to('whatif.col.p90'), fmt: d },
    { key: 'escalations', label: to('whatif.col.escalations'), fmt: n },
    { key: 'deemedApprovals', label: to('whatif.col.deemed'), fmt: n },
    { key: 'compensation', label: to('whatif.col.compensation'), fmt: idr },
    { key: 'largestCliff', label: to('whatif.col.cliff'), fmt: n },
  ];
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={2} size="h3">
          {to('whatif.report')}
        </Title>
        <Button component="a" href={`/v1/whatif/runs/${id}/report.csv`} download={`whatif-${id}.csv`} variant="default">
          {to('whatif.csv')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} component="dl" className="figures">
        {([
          ['cases', t.cases],
          ['replayed', t.replayed],
          ['misfits', t.misfits],
          ['unreplayable', t.unreplayable],
          ['gaps', t.gaps],
          ['mismatches', t.mismatches],
        ] as const).map(([k, v]) => (
          <Paper withBorder p="sm" key={k} data-total={k}>
            <Text component="dt" size="sm">
              {to(`whatif.totals.${k}`)}
            </Text>
            <Text component="dd" fw={700} size="xl" m={0}>
              {n(v)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Suspense fallback={<Text>{to('whatif.loadingCharts')}</Text>}>
        <WhatIfCharts report={report} />
      </Suspense>
      {/* a region the keyboard can scroll (the table is wider than most screens) */}
      <div role="region" aria-label={to('whatif.tableLabel')} tabIndex={0} style={{ overflowX: 'auto' }}>
        <Table className="data" striped withColumnBorders aria-label={to('whatif.tableLabel')} miw={1400}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" rowSpan={2}>
                {to('whatif.col.agency')}
              </Table.Th>
              <Table.Th scope="col" rowSpan={2}>
                {to('whatif.col.permitType')}
              </Table.Th>
              <Table.Th scope="col" rowSpan={2}>
                {to('whatif.col.month')}
              </Table.Th>
              {cols.map((c) => (
                <Table.Th scope="colgroup" colSpan={2} key={c.key}>
                  {c.label}
                </Table.Th>
              ))}
            </Table.Tr>
            <Table.Tr>
              {cols.map((c) => (
                <FragmentPair key={c.key} actual={to('whatif.actual')} proposal={to('whatif.proposal')} />
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.groups.map((g) => (
              <Table.Tr key={`${g.agency} ${g.permitType} ${g.month}`} data-group={`${g.agency}/${g.permitType}/${g.month}`}>
                <Table.Th scope="row">{g.agency}</Table.Th>
                <Table.Td>{g.permitType}</Table.Td>
                <Table.Td>{g.month}</Table.Td>
                {cols.map((c) => (
                  <Pair key={c.key} a={g.actual[c.key]} p={g.proposal[c.key]} fmt={c.fmt} />
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {report.groups.length === 0 && <Text>{to('whatif.noCases')}</Text>}
      {report.misfits.length > 0 && (
        <details>
          <summary>{to('whatif.misfits', { count: t.misfits })}</summary>
          <Table captionSide="top">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{to('whatif.col.case')}</Table.Th>
                <Table.Th scope="col">{to('whatif.col.step')}</Table.Th>
                <Table.Th scope="col">{to('whatif.col.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.misfits.slice(0, 100).map((m) => (
                <Table.Tr key={m.caseId}>
                  <Table.Td>{m.reference ?? m.caseId}</Table.Td>
                  <Table.Td>
                    {m.step + 1}: {m.action} ({m.from})
                  </Table.Td>
                  <Table.Td>{m.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </details>
      )}
      {report.mismatches.length > 0 && (
        <details>
          <summary>{to('whatif.mismatches', { count: t.mismatches })}</summary>
          <ul>
            {report.mismatches.slice(0, 100).map((m) => (
              <li key={`${m.caseId} ${m.field}`}>
                {m.reference ?? m.caseId}: {m.field} {m.recorded ?? '–'} → {m.replayed ?? '–'}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Stack>
  );
}

function FragmentPair({ actual, proposal }: { actual: string; proposal: string }) {
  return (
    <>
      <Table.Th scope="col">{actual}</Table.Th>
      <Table.Th scope="col">{proposal}</Table.Th>
    </>
  );
}

/**
 * What-if (ombudsman and admins): replay a period of history under a proposed rule. The run's id
 * is in the URL (?run=), so a reload or a shared link shows the same run, its progress or its report.
 */
export default function WhatIfPage() {
  const to = useOversightT();
  const [params, setParams] = useSearchParams();
  const runParam = params.get('run');
  const id = runParam && UUID.test(runParam) ? runParam : undefined;
  const run = useWhatIfRun(id);
  const report = useWhatIfReport(id, run.data?.status === 'done');
  const show = (runId: string | null) => {
    const next = new URLSearchParams(params);
    if (runId) next.set('run', runId);
    else next.delete('run');
    setParams(next);
  };
  return (
    <Stack>
      <Title order={1}>{to('whatif.title')}</Title>
      <OversightNav />
      <Text>{to('whatif.intro')}</Text>
      {id ? (
        <Group>
          <Anchor component="button" type="button" onClick={() => show(null)}>
            {to('whatif.newRun')}
          </Anchor>
        </Group>
      ) : (
        <RunForm onStarted={(runId) => show(runId)} />
      )}
      {id && <RunProgress id={id} />}
      <ErrorAlert error={report.error} />
      {id && report.data && <ReportView id={id} report={report.data} />}
    </Stack>
  );
}
