import { Anchor, Button, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { bytes, dateTime } from '../format';
import { useI18n } from '../i18n';
import type { CaseData, PermitTypeData } from './queries';

type Doc = CaseData['documents'][number];

/** Inline preview of a PDF or an image: fetched with the session, shown from a blob: URL. */
function Preview({ caseId, doc, onClose }: { caseId: string; doc: Doc; onClose: () => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let revoke: string | null = null;
    let live = true;
    void api
      .GET('/v1/applications/{id}/documents/{documentId}', { params: { path: { id: caseId, documentId: doc.id } }, parseAs: 'blob' })
      .then(({ data, response }) => {
        if (!live) return;
        if (!response.ok || !data) return setError(new ApiError(response.status, undefined));
        revoke = URL.createObjectURL(new Blob([data], { type: doc.mediaType }));
        setUrl(revoke);
      }, setError);
    return () => {
      live = false;
      if (revoke) URL.revokeObjectURL(revoke);
    };
  }, [caseId, doc.id, doc.mediaType]);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>{t('docs.previewOf', { name: doc.fileName })}</Text>
        <Button size="xs" variant="default" onClick={onClose}>
          {t('docs.closePreview')}
        </Button>
      </Group>
      <ErrorAlert error={error} />
      {url && doc.mediaType.startsWith('image/') && <img className="preview-img" src={url} alt={t('docs.previewOf', { name: doc.fileName })} />}
      {url && doc.mediaType === 'application/pdf' && <iframe className="preview" src={url} title={t('docs.previewOf', { name: doc.fileName })} />}
    </Stack>
  );
}

/** The requirements checklist: each document with size, SHA-256, preview and download. */
export function Documents({ c, permitType }: { c: CaseData; permitType: PermitTypeData | undefined }) {
  const { t, locale } = useI18n();
  const requirementName = new Map((permitType?.requirements ?? []).map((r) => [r.code, r.name]));
  const missing = (permitType?.requirements ?? []).filter((r) => !r.optional && !c.documents.some((d) => d.requirement === r.code));
  const [open, setOpen] = useState<string | null>(null);
  const shown = c.documents.find((d) => d.id === open);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        {t('docs.title')}
      </Title>
      <Table.ScrollContainer minWidth={700}>
        <Table className="data">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('docs.requirement')}</Table.Th>
              <Table.Th scope="col">{t('docs.file')}</Table.Th>
              <Table.Th scope="col">{t('docs.size')}</Table.Th>
              <Table.Th scope="col">{t('docs.sha256')}</Table.Th>
              <Table.Th scope="col">{t('docs.uploaded')}</Table.Th>
              <Table.Th scope="col">{t('docs.open')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.documents.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  ✓ {requirementName.get(d.requirement) ?? d.requirement}
                </Table.Td>
                <Table.Td>{d.fileName}</Table.Td>
                <Table.Td>{bytes(d.sizeBytes, locale)}</Table.Td>
                <Table.Td>
                  <Code title={d.sha256}>{d.sha256.slice(0, 16)}…</Code>
                </Table.Td>
                <Table.Td>{dateTime(d.uploadedAt, locale, c.timeZone, c.timeZoneLabel)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {(d.mediaType === 'application/pdf' || d.mediaType.startsWith('image/')) && (
                      <Button size="xs" variant="light" onClick={() => setOpen(open === d.id ? null : d.id)} aria-expanded={open === d.id} aria-label={t('docs.previewOf', { name: d.fileName })}>
                        {t('docs.preview')}
                      </Button>
                    )}
                    <Anchor href={`/v1/applications/${c.id}/documents/${d.id}`} download={d.fileName} size="sm" aria-label={t('docs.downloadOf', { name: d.fileName })}>
                      {t('docs.download')}
                    </Anchor>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {c.documents.length === 0 && <Text>{t('docs.none')}</Text>}
      {missing.map((r) => (
        <Text key={r.code} size="sm" c="danger.7">
          ✗ {t('docs.missing', { name: r.name })}
        </Text>
      ))}
      {shown && <Preview caseId={c.id} doc={shown} onClose={() => setOpen(null)} />}
    </Paper>
  );
}

/** The form data, as the applicant entered it. */
export function FormData({ c, permitType }: { c: CaseData; permitType: PermitTypeData | undefined }) {
  const { t } = useI18n();
  const declared = permitType?.form.fields ?? [];
  // the fields in the order the permit type declares them, with their labels; anything else after
  const entries: [string, string, unknown][] = [
    ...declared.filter((f) => f.name in c.form).map((f): [string, string, unknown] => [f.name, f.label, c.form[f.name]]),
    ...Object.entries(c.form)
      .filter(([k]) => !declared.some((f) => f.name === k))
      .map(([k, v]): [string, string, unknown] => [k, k, v]),
  ];
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        {t('case.form')}
      </Title>
      <Table>
        <Table.Tbody>
          {entries.map(([k, label, v]) => (
            <Table.Tr key={k}>
              <Table.Th scope="row" w="35%">
                {label}
              </Table.Th>
              <Table.Td>{typeof v === 'boolean' ? t(v ? 'common.yes' : 'common.no') : typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
