import { Alert, Button, Checkbox, Group, List, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime } from '../format';
import { useI18n } from '../i18n';
import { isSupervisor, type Me } from '../session';
import { changesBetween, type CaseSnapshot, type Change } from './changes';
import { caseKey, useAvailableActions, type CaseData } from './queries';

type Action = NonNullable<ReturnType<typeof useAvailableActions>['data']>['actions'][number];

/** The form of one action: comment, missing documents; keeps what was typed through every error. */
function ActionForm({ c, action, onDone, names, requirements: declared }: { c: CaseData; action: Action; onDone: () => void; names: Map<string, string>; requirements: { code: string; name: string }[] }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  // the case as I saw it when I started: the version I act on, and what a conflict is compared with
  const [seen, setSeen] = useState<CaseSnapshot>(c);
  const [conflict, setConflict] = useState<Change[] | null>(null);
  const needsComment = action.requires.includes('comment');
  const needsDocs = action.requires.includes('missingDocuments');
  const requirements = declared.length ? declared : [...new Set(c.documents.map((d) => d.requirement))].map((code) => ({ code, name: code }));
  const left = (c.deficiencyNotices.max ?? 0) - (c.deficiencyNotices.sent ?? 0);

  const act = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/applications/{id}/actions', {
          params: { path: { id: c.id }, header: { 'If-Match': String(seen.version) } },
          body: {
            action: action.action,
            ...(comment.trim() ? { comment } : {}),
            ...(needsDocs ? { missingDocuments: missing } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: caseKey(c.id) });
      await qc.invalidateQueries({ queryKey: ['queue'] });
      onDone();
    },
    onError: async (e) => {
      if (!(e instanceof ApiError) || e.status !== 409) return;
      const now = unwrap(await api.GET('/v1/applications/{id}', { params: { path: { id: c.id } } }));
      setConflict(changesBetween(seen, now));
      qc.setQueryData(caseKey(c.id), now);
      await qc.invalidateQueries({ queryKey: [...caseKey(c.id), 'actions'] });
      await qc.invalidateQueries({ queryKey: [...caseKey(c.id), 'timeline'] });
    },
  });
  const err = act.error instanceof ApiError ? act.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setConflict(null);
    act.mutate();
  };
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : t('case.unassigned'));
  const describe = (ch: Change): string => {
    switch (ch.field) {
      case 'state':
        return t('conflict.state', { from: ch.from, to: ch.to });
      case 'assignee':
        return t('conflict.assignee', { from: name(ch.from), to: name(ch.to) });
      case 'notices':
        return t('conflict.notices', { from: ch.from, to: ch.to });
      case 'documents':
        return t('conflict.documents', { from: ch.from, to: ch.to });
      case 'deadline':
        return t('conflict.deadline', { to: dateTime(ch.to, locale, c.timeZone, c.timeZoneLabel) });
    }
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={t('actions.formFor', { action: action.label ?? action.action })}>
      <Stack>
        <Title order={3} size="h4">
          {action.label ?? action.action}
        </Title>
        {act.error instanceof ApiError && act.error.status === 409 && (
          <Alert color="amber" role="alert" title={t('conflict.title')}>
            <Text size="sm">{t('conflict.body')}</Text>
            {conflict && conflict.length > 0 && (
              <List size="sm" mt="xs">
                {conflict.map((ch) => (
                  <List.Item key={ch.field}>{describe(ch)}</List.Item>
                ))}
              </List>
            )}
            <Group mt="sm">
              <Button size="xs" variant="default" onClick={() => { setSeen(c); act.reset(); setConflict(null); }}>
                {t('conflict.useCurrent')}
              </Button>
            </Group>
          </Alert>
        )}
        {act.error && !(act.error instanceof ApiError && (act.error.status === 409 || act.error.problem?.errors?.length)) && <ErrorAlert error={act.error} />}
        {needsDocs && (
          <Checkbox.Group
            label={t('actions.missingDocuments')}
            description={t('actions.noticesLeft', { left, max: c.deficiencyNotices.max ?? 0 })}
            value={missing}
            onChange={setMissing}
            error={err?.fieldError('missingDocuments')}
            withAsterisk
          >
            <Stack gap={4} mt="xs">
              {requirements.map((r) => (
                <Checkbox key={r.code} value={r.code} label={r.name === r.code ? r.code : `${r.name} (${r.code})`} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        <Textarea
          label={t('actions.comment')}
          description={needsComment ? t('actions.commentRequired') : t('actions.commentOptional')}
          withAsterisk={needsComment}
          autosize
          minRows={3}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={err?.fieldError('comment')}
        />
        <Group>
          <Button type="submit" loading={act.isPending}>
            {t('actions.submit', { action: action.label ?? action.action })}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Claim, release, and (supervisors) assign. */
function Assignment({ c, me, staff }: { c: CaseData; me: Me; staff: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [to, setTo] = useState<string | null>(null);
  const done = async () => {
    await qc.invalidateQueries({ queryKey: caseKey(c.id) });
    await qc.invalidateQueries({ queryKey: ['queue'] });
  };
  const op = useMutation({
    mutationFn: async (kind: 'claim' | 'release' | 'assign') => {
      const params = { path: { id: c.id } };
      if (kind === 'claim') return unwrap(await api.POST('/v1/applications/{id}/claim', { params }));
      if (kind === 'release') return unwrap(await api.POST('/v1/applications/{id}/release', { params }));
      return unwrap(await api.POST('/v1/applications/{id}/assign', { params, body: { assigneeId: to ?? '' } }));
    },
    onSettled: done,
  });
  if (c.status !== 'open') return null;
  return (
    <Stack gap="xs">
      <ErrorAlert error={op.error} />
      <Group align="end">
        {c.assigneeId === null && <Button onClick={() => op.mutate('claim')}>{t('actions.claim')}</Button>}
        {c.assigneeId !== null && (c.assigneeId === me.id || isSupervisor(me)) && (
          <Button variant="default" onClick={() => op.mutate('release')}>
            {t('actions.release')}
          </Button>
        )}
        {isSupervisor(me) && (
          <>
            <Select label={t('actions.assignTo')} data={staff.map((s) => ({ value: s.id, label: s.name }))} value={to} onChange={setTo} searchable />
            <Button variant="light" disabled={!to} onClick={() => op.mutate('assign')}>
              {t('actions.assign')}
            </Button>
          </>
        )}
      </Group>
    </Stack>
  );
}

/** The actions my roles may take now (the others disabled, with their reason), each with its form. */
export function ActionsPanel({
  c,
  me,
  staff,
  names,
  requirements,
}: {
  c: CaseData;
  me: Me;
  staff: { id: string; name: string }[];
  names: Map<string, string>;
  requirements: { code: string; name: string }[];
}) {
  const { t } = useI18n();
  const actions = useAvailableActions(c.id);
  // the action whose form is open, as it was when opened: the form (and what was typed) stays even
  // when the case changes under it and the action is no longer open to me
  const [open, setOpen] = useState<Action | null>(null);
  const now = actions.data?.actions.find((a) => a.action === open?.action);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        {t('actions.title')}
      </Title>
      <Stack>
        <Assignment c={c} me={me} staff={staff} />
        <ErrorAlert error={actions.error} />
        {actions.data && actions.data.actions.length === 0 && <Text>{t('actions.none')}</Text>}
        <Stack gap="xs">
          {actions.data?.actions.map((a) => (
            <Group key={a.action} gap="sm" wrap="nowrap">
              <Button variant={a.allowed ? 'filled' : 'default'} disabled={!a.allowed} onClick={() => setOpen(a)} aria-describedby={a.allowed ? undefined : `why-${a.action}`}>
                {a.label ?? a.action}
              </Button>
              {!a.allowed && (
                <Text size="sm" id={`why-${a.action}`}>
                  {t(`actions.refusal.${a.reason?.code ?? 'FORBIDDEN_ROLE'}`, { roles: a.roles.join(', '), defaultValue: a.reason?.message ?? '' })}
                </Text>
              )}
            </Group>
          ))}
        </Stack>
        {open && now && !now.allowed && (
          <Alert color="amber" role="status">
            {t('actions.noLongerAllowed', { action: open.label ?? open.action })}
          </Alert>
        )}
        {open && <ActionForm key={open.action} c={c} action={open} names={names} requirements={requirements} onDone={() => setOpen(null)} />}
      </Stack>
    </Paper>
  );
}
