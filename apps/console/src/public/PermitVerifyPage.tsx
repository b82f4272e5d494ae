import { Alert, Anchor, Badge, Button, Code, FileInput, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { components } from '@tenggat/api-client';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { date, dateTime } from '../format';
import { usePublicT, useI18n } from '../i18n';

type PublicPermit = components['schemas']['PublicPermitView'];
type Verification = components['schemas']['PermitVerificationView'];

/** The permit number in the URL: the QR code encodes it with its slashes as %2F. */
function numberFromPath(splat: string | undefined): string {
  if (!splat) return '';
  try {
    return decodeURIComponent(splat);
  } catch {
    return splat;
  }
}

/** The signed fields, as the register holds them. */
function PermitDetails({ permit }: { permit: PublicPermit }) {
  const { locale } = useI18n();
  const p = usePublicT();
  const f = permit.fields;
  const rows: [string, string][] = [
    [p('permits.fields.permitNumber'), f.permitNumber],
    [p('permits.fields.product'), f.product],
    [p('permits.fields.holder'), f.holder],
    [p('permits.fields.permitted'), f.permitted],
    [p('permits.fields.agency'), f.agency.name],
    [p('permits.fields.issuedAt'), date(f.issuedAt, locale)],
    [p('permits.fields.validUntil'), f.validUntil ? date(f.validUntil, locale) : p('permits.noExpiry')],
    [p('permits.fields.legalBasis'), f.legalBasis.join('; ')],
    [p('permits.fields.reference'), f.reference ?? '–'],
  ];
  return (
    <Stack>
      {permit.status === 'revoked' && permit.revocation ? (
        <Alert color="danger" role="status" title={p('permits.revokedTitle')} data-status="revoked">
          {p('permits.revokedText', { date: dateTime(permit.revocation.revokedAt, locale), reason: permit.revocation.reason })}
        </Alert>
      ) : (
        <Alert color="brand" role="status" title={p('permits.validTitle')} data-status="valid">
          {permit.expired ? p('permits.expiredText') : p('permits.validText')}
        </Alert>
      )}
      {f.deemedApproval && (
        <Badge color="amber" variant="light" size="lg">
          {p('permits.deemed')}
        </Badge>
      )}
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          {p('permits.signedFields')}
        </Title>
        <Table aria-label={p('permits.signedFields')}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row" w="30%">
                  {label}
                </Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          {p('permits.signature')}
        </Title>
        <Text size="sm">{p('permits.signatureHelp')}</Text>
        <Text size="sm" mt="xs">
          {p('permits.kid')}: <Code>{permit.signature.kid}</Code>
        </Text>
        <Code block mt="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {permit.signature.value}
        </Code>
        <Anchor href={permit.keysUrl} size="sm" mt="xs" display="inline-block">
          {p('permits.keys')}
        </Anchor>
      </Paper>
    </Stack>
  );
}

function VerificationResult({ result }: { result: Verification }) {
  const p = usePublicT();
  const color = result.result === 'valid' ? 'brand' : result.result === 'revoked' || result.result === 'invalid' ? 'danger' : 'amber';
  return (
    <Alert color={color} role="status" title={p(`permits.results.${result.result}`)} data-result={result.result}>
      {result.fault ? p(`permits.faults.${result.fault === 'unknown-key' ? 'unknownKey' : result.fault === 'bad-signature' ? 'badSignature' : 'differs'}`) : ''}
      {result.permit?.revocation ? ` ${result.permit.revocation.reason}` : ''}
    </Alert>
  );
}

/** A PDF checked by the signature it carries (nothing is stored). */
function PdfCheck() {
  const p = usePublicT();
  const [file, setFile] = useState<File | null>(null);
  const check = useMutation({
    mutationFn: async (f: File) => {
      const form = new FormData();
      form.append('file', f);
      return unwrap(await api.POST('/v1/public/permits/verify-pdf', { body: { file: '' }, bodySerializer: () => form }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) check.mutate(file);
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={p('permits.pdfTitle')}>
      <Title order={2} size="h3" mb="sm">
        {p('permits.pdfTitle')}
      </Title>
      <Group align="end" wrap="wrap">
        <FileInput label={p('permits.pdfFile')} accept="application/pdf" value={file} onChange={setFile} clearable miw={280} />
        <Button type="submit" disabled={!file} loading={check.isPending}>
          {p('permits.pdfCheck')}
        </Button>
      </Group>
      <Stack mt="sm">
        <ErrorAlert error={check.error} />
        {check.data && <VerificationResult result={check.data} />}
      </Stack>
    </Paper>
  );
}

/** The QR code's target: is this permit genuine, valid, revoked or unknown? */
export default function PermitVerifyPage() {
  const p = usePublicT();
  const navigate = useNavigate();
  const permitNumber = numberFromPath(useParams()['*']);
  const [typed, setTyped] = useState(permitNumber);
  const permit = useQuery({
    queryKey: ['public-permit', permitNumber],
    enabled: permitNumber !== '',
    queryFn: async () => unwrap(await api.GET('/v1/public/permits/{number}', { params: { path: { number: permitNumber } } })),
  });
  const unknown = permit.error instanceof ApiError && permit.error.status === 404;
  const search = (e: FormEvent) => {
    e.preventDefault();
    if (typed.trim()) void navigate(`/public/permits/${encodeURIComponent(typed.trim())}`);
  };
  return (
    <Stack>
      <Title order={1}>{permitNumber ? p('permits.titleOf', { number: permitNumber }) : p('permits.title')}</Title>
      <Text>{p('permits.intro')}</Text>
      <Paper withBorder p="md" component="form" onSubmit={search} aria-label={p('permits.search')}>
        <Group align="end" wrap="wrap">
          <TextInput label={p('permits.number')} placeholder="REKLAME/2026/000001" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} miw={280} />
          <Button type="submit">{p('permits.search')}</Button>
        </Group>
      </Paper>
      {unknown ? (
        <Alert color="amber" role="status" title={p('permits.unknownTitle')} data-status="unknown">
          {p('permits.unknownText', { number: permitNumber })}
        </Alert>
      ) : (
        <ErrorAlert error={permit.error} />
      )}
      {permit.data && <PermitDetails permit={permit.data} />}
      <PdfCheck />
    </Stack>
  );
}
