import { Alert, Anchor, Badge, Button, Grid, Group, List, NativeSelect, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { ClockRibbon } from '../case/ClockRibbon';
import { caseKey, useCase, usePermitType, useTimeline, type CaseData, type TimelineData } from '../case/queries';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime, duration } from '../format';
import { useI18n, useOversightT, usePortalT } from '../i18n';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '../oversight/queries';
import { useCaseComplaints, usePermitPdf } from '../portal/queries';
import { RequirementUpload } from './PortalApplyPage';
import { useNow } from './PortalMyApplicationsPage';

/** The requirement codes a 422 documents-not-replaced lists (`missingDocuments`). */
function refusedFor(error: unknown): string[] {
  const problem: unknown = error instanceof ApiError && error.status === 422 ? error.problem : undefined;
  if (typeof problem !== 'object' || problem === null || !('missingDocuments' in problem) || !Array.isArray(problem.missingDocuments)) return [];
  const list: unknown[] = problem.missingDocuments;
  return list.flatMap((m) => (typeof m === 'object' && m !== null && 'code' in m && typeof m.code === 'string' ? [m.code] : []));
}

/** The documents the last deficiency notice asked for, and its comment. */
function lastNotice(timeline: TimelineData): { missing: string[]; comment: string | null } {
  const n = [...timeline].reverse().find((e) => e.type === 'event' && e.action === 'request-documents');
  const raw = n?.data?.missingDocuments;
  return { missing: Array.isArray(raw) ? raw.map(String) : [], comment: n?.comment ?? null };
}

function Decision({ c }: { c: CaseData }) {
  const { locale } = useI18n();
  const tp = usePortalT();
  const pdf = usePermitPdf(c.id, c.permit !== null);
  if (c.status !== 'closed') return null;
  return (
    <Paper withBorder p="md" data-decision={c.outcome ?? ''}>
      <Title order={2} size="h3" mb="xs">
        {tp('app.decision')}
      </Title>
      <Text>{tp('app.outcome', { outcome: c.stateLabel ?? c.state })}</Text>
      {c.permit && (
        <>
          <Text>
            {tp('app.permit', { number: c.permit.permitNumber, issued: dateTime(c.permit.issuedAt, locale, c.timeZone, c.timeZoneLabel) })}
            {c.permit.deemedApproval ? ` · ${tp('app.deemed')}` : ''}
          </Text>
          <Group mt="xs">
            {pdf.data === true && (
              <Button component="a" href={`/v1/applications/${c.id}/permit.pdf`} download>
                {tp('app.downloadPdf')}
              </Button>
            )}
            <Button component="a" variant={pdf.data === true ? 'default' : 'filled'} href={`/v1/applications/${c.id}/decision`} download={`decision-${c.reference ?? c.id}.json`}>
              {tp('app.downloadDecision')}
            </Button>
          </Group>
        </>
      )}
    </Paper>
  );
}

function Complaints({ c }: { c: CaseData }) {
  const { locale } = useI18n();
  const to = useOversightT();
  const tp = usePortalT();
  const qc = useQueryClient();
  const list = useCaseComplaints(c.id);
  const [category, setCategory] = useState<ComplaintCategory | ''>('');
  const [description, setDescription] = useState('');
  const file = useMutation({
    mutationFn: async () => {
      if (category === '') throw new ApiError(400, { type: 'about:blank', title: 'Bad Request', status: 400, code: 'validation-failed', detail: tp('complaint.pickCategory'), errors: [{ field: 'category', message: tp('complaint.pickCategory') }] });
      return unwrap(await api.POST('/v1/applications/{id}/complaints', { params: { path: { id: c.id } }, body: { category, description } }));
    },
    onSuccess: async () => {
      setDescription('');
      setCategory('');
      await qc.invalidateQueries({ queryKey: ['portal', 'complaints', c.id] });
    },
  });
  const err = file.error instanceof ApiError ? file.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    file.mutate();
  };
  if (c.status === 'draft') return null;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="xs">
        {tp('complaint.title')}
      </Title>
      {list.data?.map((k) => (
        <Text key={k.id} size="sm" data-complaint={k.category}>
          {dateTime(k.createdAt, locale)} · {to(`categories.${k.category}`)} · <Badge variant="light">{to(`complaintStatus.${k.status}`)}</Badge>
          {k.findings ? ` · ${k.findings}` : ''}
        </Text>
      ))}
      <form onSubmit={submit} noValidate>
        <Stack gap="xs" mt="xs">
          <NativeSelect
            label={tp('complaint.category')}
            data={[{ value: '', label: '–' }, ...COMPLAINT_CATEGORIES.map((k) => ({ value: k, label: to(`categories.${k}`) }))]}
            value={category}
            onChange={(e) => setCategory(COMPLAINT_CATEGORIES.find((k) => k === e.currentTarget.value) ?? '')}
            error={err?.fieldError('category')}
            required
          />
          <Textarea label={tp('complaint.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={err?.fieldError('description')} required minRows={3} autosize />
          {file.error !== null && !err?.problem?.errors?.length && <ErrorAlert error={file.error} />}
          {file.isSuccess && (
            <Text role="status" size="sm">
              {tp('complaint.filed')}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={file.isPending}>
              {tp('complaint.file')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** One of my applications: its live deadline, the clock, a deficiency notice to answer, withdrawal, the decision, complaints. */
export default function ApplicationPage() {
  const { t, locale } = useI18n();
  const tp = usePortalT();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const c = useCase(id);
  const timeline = useTimeline(id);
  const pt = usePermitType(c.data?.permitType.code);
  const now = useNow(1000);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const act = useMutation({
    mutationFn: async (action: 'resubmit' | 'withdraw') =>
      unwrap(await api.POST('/v1/applications/{id}/actions', { params: { path: { id } }, body: { action, expectedVersion: c.data?.version } })),
    onSuccess: async () => {
      setConfirmWithdraw(false);
      await qc.invalidateQueries({ queryKey: caseKey(id) });
      await qc.invalidateQueries({ queryKey: ['portal', 'applications'] });
    },
  });
  if (c.error) return <ErrorAlert error={c.error} />;
  if (!c.data) return null;
  const k = c.data;
  const can = (a: string) => k.allowedActions.some((x) => x.action === a && x.allowed);
  const statutory = k.clocks.find((x) => x.kind === 'statutory');
  const response = k.clocks.find((x) => x.kind === 'response' && x.status === 'running');
  const units = { d: t('units.d'), h: t('units.h'), m: t('units.m') };
  const left = (iso: string | null) => (iso ? new Date(iso).getTime() - now : null);
  const deficient = can('resubmit');
  const notice = timeline.data ? lastNotice(timeline.data) : { missing: [], comment: null };
  const requirements = pt.data?.requirements ?? [];
  const toReplace = k.deficiencyNotices.toReplace;
  const refused = refusedFor(act.error).filter((code) => toReplace.includes(code));
  const deadlineLeft = left(k.deadline);
  const responseLeft = left(response?.deadline ?? null);
  return (
    <Stack>
      <Anchor component={Link} to="/portal/applications" size="sm">
        ← {tp('nav.applications')}
      </Anchor>
      <Paper withBorder p="md">
        <Group justify="space-between">
          <Title order={1}>{k.reference ?? tp('mine.draft')}</Title>
          <Group gap="xs">
            <Badge size="lg" variant="light">
              {k.stateLabel ?? k.state}
            </Badge>
            {k.flags.breached && <Badge color="danger">{t('flags.breached')}</Badge>}
            {statutory?.status === 'stopped' && <Badge color="amber">{t('flags.stopped')}</Badge>}
          </Group>
        </Group>
        <Text>{k.permitType.name}</Text>
        <Text data-deadline>
          {tp('receipt.legalDeadline')}: <strong>{dateTime(k.deadline, locale, k.timeZone, k.timeZoneLabel)}</strong>
          {statutory?.remainingWorkingDays !== undefined && k.status === 'open' ? ` · ${tp('app.workingDaysLeft', { count: statutory.remainingWorkingDays })}` : ''}
          {deadlineLeft !== null && k.status === 'open' && statutory?.status === 'running' ? ` · ${deadlineLeft > 0 ? tp('mine.timeLeft', { left: duration(deadlineLeft, units) }) : tp('mine.passed', { ago: duration(-deadlineLeft, units) })}` : ''}
        </Text>
        <Anchor component={Link} to={`/portal/applications/${k.id}/receipt`} size="sm">
          {tp('app.receipt')}
        </Anchor>
      </Paper>
      {deficient && (
        <Alert color="amber" title={tp('app.deficientTitle')} data-deficient>
          <Stack gap="xs">
            {notice.comment && <Text>{notice.comment}</Text>}
            <Text fw={600}>{tp('app.missing')}</Text>
            <List>
              {notice.missing.map((m) => (
                <List.Item key={m}>{requirements.find((r) => r.code === m)?.name ?? m}</List.Item>
              ))}
            </List>
            {response && (
              <Text data-response-window>
                {tp('app.window', { deadline: dateTime(response.deadline, locale, k.timeZone, k.timeZoneLabel), left: responseLeft !== null && responseLeft > 0 ? duration(responseLeft, units) : '0' })}
              </Text>
            )}
            {requirements
              .filter((r) => notice.missing.includes(r.code))
              .map((r) => (
                <RequirementUpload
                  key={r.code}
                  caseId={k.id}
                  req={r}
                  uploaded={k.documents.find((d) => d.requirement === r.code)}
                  onUploaded={() => void c.refetch()}
                  replace={refused.includes(r.code) ? 'refused' : toReplace.includes(r.code) ? 'pending' : 'done'}
                />
              ))}
            {refused.length > 0 && (
              <Text role="alert" c="danger.8" data-still-missing>
                {tp('app.stillMissing', { names: refused.map((code) => requirements.find((r) => r.code === code)?.name ?? code).join(', ') })}
              </Text>
            )}
            <Group>
              <Button onClick={() => act.mutate('resubmit')} loading={act.isPending && act.variables === 'resubmit'}>
                {tp('app.resubmit')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <ErrorAlert error={act.error} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            {timeline.data && k.status !== 'draft' && <ClockRibbon c={k} timeline={timeline.data} names={new Map()} />}
            <Decision c={k} />
            <Paper withBorder p="md">
              <Title order={2} size="h3" mb="xs" id="docs-title">
                {t('docs.title')}
              </Title>
              <Table aria-labelledby="docs-title">
                <Table.Tbody>
                  {k.documents.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Th scope="row">{requirements.find((r) => r.code === d.requirement)?.name ?? d.requirement}</Table.Th>
                      <Table.Td>{d.fileName}</Table.Td>
                      <Table.Td>{dateTime(d.uploadedAt, locale, k.timeZone, k.timeZoneLabel)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            {can('withdraw') && (
              <Paper withBorder p="md">
                <Title order={2} size="h3" mb="xs">
                  {tp('app.withdrawTitle')}
                </Title>
                {confirmWithdraw ? (
                  <Group>
                    <Text>{tp('app.withdrawSure')}</Text>
                    <Button color="danger" onClick={() => act.mutate('withdraw')} loading={act.isPending && act.variables === 'withdraw'}>
                      {tp('app.withdrawConfirm')}
                    </Button>
                    <Button variant="default" onClick={() => setConfirmWithdraw(false)}>
                      {t('common.cancel')}
                    </Button>
                  </Group>
                ) : (
                  <Button variant="default" onClick={() => setConfirmWithdraw(true)}>
                    {tp('app.withdraw')}
                  </Button>
                )}
              </Paper>
            )}
            <Complaints c={k} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
