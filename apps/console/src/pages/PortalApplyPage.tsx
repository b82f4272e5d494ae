import { Alert, Anchor, Badge, Button, Checkbox, Group, List, NativeSelect, Paper, Progress, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { usePermitType } from '../case/queries';
import { ErrorAlert } from '../components/ErrorAlert';
import { bytes, money } from '../format';
import { useI18n, usePortalT } from '../i18n';
import { receiptKey, valueOf, type FormField, type Requirement } from '../portal/queries';
import { uploadDocument } from '../portal/upload';

type Values = Record<string, string | boolean>;

/** The names of the documents a 422 application-incomplete lists. */
function missingNames(problem: unknown): string[] {
  if (typeof problem !== 'object' || problem === null || !('missingDocuments' in problem) || !Array.isArray(problem.missingDocuments)) return [];
  const list: unknown[] = problem.missingDocuments;
  return list.map((m) => (typeof m === 'object' && m !== null && 'name' in m && typeof m.name === 'string' ? m.name : JSON.stringify(m)));
}

/** One declared form field as the input its type calls for, with the API's message for it beside it. */
function FieldInput({ field, value, onChange, error }: { field: FormField; value: string | boolean | undefined; onChange: (v: string | boolean) => void; error?: string }) {
  const common = { label: field.label, description: field.description, required: field.required === true, error, name: field.name };
  if (field.type === 'boolean')
    return <Checkbox label={field.label} description={field.description} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} error={error} name={field.name} />;
  if (field.enum)
    return <NativeSelect {...common} data={['', ...field.enum]} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} />;
  const type = field.type === 'number' || field.type === 'integer' ? 'number' : field.type === 'date' ? 'date' : field.type === 'email' ? 'email' : 'text';
  return (
    <TextInput
      {...common}
      type={type}
      min={field.min}
      max={field.max}
      step={field.type === 'integer' ? 1 : field.type === 'number' ? 'any' : undefined}
      maxLength={field.maxLength}
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** One requirement: what it is, the types and size accepted (said before the upload), the file chosen, the progress. */
export function RequirementUpload({
  caseId,
  req,
  uploaded,
  onUploaded,
  replace,
}: {
  caseId: string;
  req: Requirement;
  uploaded?: { fileName: string; sizeBytes: number };
  onUploaded: () => void;
  /** Answering a deficiency notice: `pending` until uploaded anew (`refused`: a resubmission was refused for it), else `done`. */
  replace?: 'pending' | 'refused' | 'done';
}) {
  const { locale } = useI18n();
  const tp = usePortalT();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inputId = `file-${req.code}`;
  const send = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > req.maxBytes) return setError(new Error(tp('apply.tooLarge', { max: bytes(req.maxBytes, locale) })));
    setProgress(0);
    try {
      await uploadDocument(caseId, req.code, file, setProgress);
      onUploaded();
    } catch (e) {
      setError(e);
      setProgress(null);
    }
  };
  const err = error instanceof ApiError ? error : undefined;
  return (
    <Paper withBorder p="sm" data-requirement={req.code}>
      <Group justify="space-between">
        <Text fw={600} component="label" htmlFor={inputId}>
          {req.name} {req.optional ? <Badge variant="light">{tp('apply.optional')}</Badge> : null}
        </Text>
        {replace === 'done' ? <Badge color="brand">{tp('app.replaced')}</Badge> : uploaded && replace === undefined && <Badge color="brand">{tp('apply.uploaded')}</Badge>}
      </Group>
      {(replace === 'pending' || replace === 'refused') && (
        <Text size="sm" c={replace === 'refused' ? 'danger.8' : undefined} fw={replace === 'refused' ? 600 : undefined} data-replace={replace}>
          {tp('app.replaceFirst')}
        </Text>
      )}
      {req.description && <Text size="sm">{req.description}</Text>}
      <Text size="sm" c="gray.7" id={`${inputId}-limits`}>
        {tp('apply.limits', { types: req.mediaTypes.join(', '), max: bytes(req.maxBytes, locale) })}
      </Text>
      <input id={inputId} type="file" accept={req.mediaTypes.join(',')} aria-describedby={`${inputId}-limits`} onChange={(e) => void send(e.currentTarget.files?.[0])} />
      {progress !== null && <Progress value={Math.round(progress * 100)} mt="xs" aria-label={tp('apply.progress', { name: req.name })} />}
      {uploaded && (
        <Text size="sm" mt={4}>
          {uploaded.fileName} · {bytes(uploaded.sizeBytes, locale)}
        </Text>
      )}
      {error !== null && (
        <Text size="sm" c="danger.8" role="alert">
          {err ? (err.fieldError('file') ?? err.fieldError('requirement') ?? err.message) : error instanceof Error ? error.message : ''}
        </Text>
      )}
    </Paper>
  );
}

/**
 * The application wizard, generated from the permit type's declared form fields and requirements
 * (no screen is written for one permit type): the form, the documents, the review and submission.
 */
export default function ApplyPage() {
  const { t, locale } = useI18n();
  const tp = usePortalT();
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const pt = usePermitType(code);
  const draftId = params.get('draft');
  const draft = useQuery({
    queryKey: ['case', draftId ?? ''],
    enabled: draftId !== null,
    queryFn: async () => unwrap(await api.GET('/v1/applications/{id}', { params: { path: { id: draftId ?? '' } } })),
  });
  const [values, setValues] = useState<Values | null>(null);
  const [step, setStep] = useState(0);
  const shown: Values = values ?? Object.fromEntries(Object.entries(draft.data?.form ?? {}).map(([k, v]) => [k, typeof v === 'boolean' ? v : String(v)]));
  const fields = pt.data?.form.fields ?? [];

  const save = useMutation({
    mutationFn: async () => {
      const form: Record<string, unknown> = Object.fromEntries(fields.map((f): [string, unknown] => [f.name, valueOf(f, shown[f.name] ?? '')]).filter(([, v]) => v !== undefined));
      if (draft.data) {
        const cleared: Record<string, unknown> = Object.fromEntries(fields.filter((f) => !(f.name in form)).map((f): [string, null] => [f.name, null]));
        return unwrap(await api.PATCH('/v1/applications/{id}', { params: { path: { id: draft.data.id } }, body: { form: { ...cleared, ...form }, expectedVersion: draft.data.version } }));
      }
      return unwrap(await api.POST('/v1/applications', { body: { permitType: code, form } }));
    },
    onSuccess: (c) => {
      qc.setQueryData(['case', c.id], c);
      setParams({ draft: c.id }, { replace: true });
      setStep(1);
    },
  });
  const submit = useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST('/v1/applications/{id}/submit', { params: { path: { id }, header: { 'Idempotency-Key': `portal-${id}` } } })),
    onSuccess: async (receipt) => {
      qc.setQueryData(receiptKey(receipt.applicationId), receipt);
      await qc.invalidateQueries({ queryKey: ['portal', 'applications'] });
      await navigate(`/portal/applications/${receipt.applicationId}/receipt`);
    },
  });
  const saveErr = save.error instanceof ApiError ? save.error : undefined;
  const submitErr = submit.error instanceof ApiError ? submit.error : undefined;
  const missing = missingNames(submitErr?.problem);
  if (pt.error) return <ErrorAlert error={pt.error} />;
  if (!pt.data) return null;
  const p = pt.data;
  const docs = draft.data?.documents ?? [];
  const onSave = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Stack>
      <Anchor component={Link} to="/portal" size="sm">
        ← {tp('types.back')}
      </Anchor>
      <Title order={1}>{tp('apply.title', { name: p.name })}</Title>
      <Text size="sm">
        {tp('apply.standard', { days: p.processingWorkingDays, fee: money(p.fee.amount ?? 0, p.fee.currency, locale), product: p.product })}
      </Text>
      <Stepper active={step} onStepClick={(s) => (s === 0 || draft.data ? setStep(s) : undefined)} allowNextStepsSelect={false}>
        <Stepper.Step label={tp('apply.stepForm')}>
          <form onSubmit={onSave} noValidate>
            <Stack maw={640}>
              {saveErr && !saveErr.problem?.errors?.length && <ErrorAlert error={save.error} />}
              {saveErr?.problem?.errors?.length ? <Alert color="danger" role="alert">{tp('apply.fixFields')}</Alert> : null}
              {fields.map((f) => (
                <FieldInput
                  key={f.name}
                  field={f}
                  value={shown[f.name]}
                  onChange={(v) => setValues({ ...shown, [f.name]: v })}
                  error={saveErr?.fieldError(`form.${f.name}`) ?? submitErr?.fieldError(`form.${f.name}`)}
                />
              ))}
              <Group>
                <Button type="submit" loading={save.isPending}>
                  {tp('apply.saveContinue')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Stepper.Step>
        <Stepper.Step label={tp('apply.stepDocuments')}>
          {draft.data && (
            <Stack maw={720}>
              {p.requirements.map((r) => {
                const d = docs.find((x) => x.requirement === r.code);
                return <RequirementUpload key={r.code} caseId={draft.data.id} req={r} uploaded={d} onUploaded={() => void draft.refetch()} />;
              })}
              <Group>
                <Button variant="default" onClick={() => setStep(0)}>
                  {tp('apply.backToForm')}
                </Button>
                <Button onClick={() => setStep(2)}>{tp('apply.review')}</Button>
              </Group>
            </Stack>
          )}
        </Stepper.Step>
        <Stepper.Step label={tp('apply.stepSubmit')}>
          {draft.data && (
            <Stack maw={720}>
              <Title order={2} size="h3">
                {tp('apply.reviewTitle')}
              </Title>
              <List>
                {fields.map((f) => (
                  <List.Item key={f.name}>
                    {f.label}: <strong>{shown[f.name] === true ? t('common.yes') : shown[f.name] === false ? t('common.no') : String(shown[f.name] ?? '–')}</strong>
                  </List.Item>
                ))}
              </List>
              <List>
                {p.requirements.map((r) => (
                  <List.Item key={r.code}>
                    {r.name}: {docs.some((d) => d.requirement === r.code) ? tp('apply.uploaded') : r.optional ? tp('apply.optional') : tp('apply.missing')}
                  </List.Item>
                ))}
              </List>
              <Text size="sm">{tp('apply.legal', { basis: p.legalBasis.join('; ') })}</Text>
              {submit.error !== null && <ErrorAlert error={submit.error} />}
              {missing.length > 0 && (
                <List>
                  {missing.map((m) => (
                    <List.Item key={m}>{m}</List.Item>
                  ))}
                </List>
              )}
              <Group>
                <Button variant="default" onClick={() => setStep(1)}>
                  {tp('apply.backToDocuments')}
                </Button>
                <Button onClick={() => submit.mutate(draft.data.id)} loading={submit.isPending}>
                  {tp('apply.submit')}
                </Button>
              </Group>
            </Stack>
          )}
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}
