import { Badge, Button, Group, Paper, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime } from '../format';
import { usePublicT, useI18n } from '../i18n';

/**
 * An application's status by its reference and access code: state, legal deadline, every stop of
 * the clock and why. Nothing personal (the API sends none). The code is typed, never put in the URL.
 */
export default function TrackPage() {
  const { locale } = useI18n();
  const p = usePublicT();
  const [reference, setReference] = useState('');
  const [code, setCode] = useState('');
  const track = useMutation({
    mutationFn: async () =>
      unwrap(await api.GET('/v1/public/track/{reference}', { params: { path: { reference: reference.trim() }, query: { code: code.trim() } } })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    track.mutate();
  };
  const s = track.data;
  return (
    <Stack>
      <Title order={1}>{p('track.title')}</Title>
      <Text>{p('track.intro')}</Text>
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={p('track.title')}>
        <Group align="end" wrap="wrap">
          <TextInput label={p('track.reference')} placeholder="REKLAME-2026-000001" withAsterisk value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
          <PasswordInput label={p('track.code')} withAsterisk value={code} onChange={(e) => setCode(e.currentTarget.value)} autoComplete="off" />
          <Button type="submit" loading={track.isPending}>
            {p('track.submit')}
          </Button>
        </Group>
      </Paper>
      <ErrorAlert error={track.error} />
      {s && (
        <Paper withBorder p="md" aria-live="polite">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h3">
              {s.reference}
            </Title>
            <Group gap="xs">
              <Badge variant="light" size="lg">
                {p(`track.status.${s.status === 'closed' ? 'closed' : s.status === 'draft' ? 'draft' : 'open'}`)}
              </Badge>
              {s.clockStopped && (
                <Badge color="amber" variant="light" size="lg">
                  {p('track.stopped')}
                </Badge>
              )}
              {s.breached && (
                <Badge color="danger" variant="light" size="lg">
                  {p('track.breached')}
                </Badge>
              )}
            </Group>
          </Group>
          <Table aria-label={p('track.summary')}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">{p('track.permitType')}</Table.Th>
                <Table.Td>{s.permitType.name}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{p('track.state')}</Table.Th>
                <Table.Td>{s.stateLabel ?? s.state}</Table.Td>
              </Table.Tr>
              {s.outcome && (
                <Table.Tr>
                  <Table.Th scope="row">{p('track.outcome')}</Table.Th>
                  <Table.Td>{p(`track.outcomes.${s.outcome === 'approved' ? 'approved' : s.outcome === 'rejected' ? 'rejected' : 'withdrawn'}`)}</Table.Td>
                </Table.Tr>
              )}
              <Table.Tr>
                <Table.Th scope="row">{p('track.submitted')}</Table.Th>
                <Table.Td>{dateTime(s.submittedAt, locale)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{p('track.deadline')}</Table.Th>
                <Table.Td fw={600}>{dateTime(s.deadline, locale)}</Table.Td>
              </Table.Tr>
              {s.closedAt && (
                <Table.Tr>
                  <Table.Th scope="row">{p('track.closed')}</Table.Th>
                  <Table.Td>{dateTime(s.closedAt, locale)}</Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <Title order={3} size="h4" mt="md" mb="xs">
            {p('track.stops')}
          </Title>
          {s.stops.length === 0 ? (
            <Text>{p('track.noStops')}</Text>
          ) : (
            <Table className="data" aria-label={p('track.stops')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{p('track.stoppedAt')}</Table.Th>
                  <Table.Th scope="col">{p('track.resumedAt')}</Table.Th>
                  <Table.Th scope="col">{p('track.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.stops.map((stop) => (
                  <Table.Tr key={stop.stoppedAt}>
                    <Table.Td>{dateTime(stop.stoppedAt, locale)}</Table.Td>
                    <Table.Td>{stop.resumedAt ? dateTime(stop.resumedAt, locale) : p('track.stillStopped')}</Table.Td>
                    <Table.Td>{p('track.reasons.deficiency-notice')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      )}
    </Stack>
  );
}
