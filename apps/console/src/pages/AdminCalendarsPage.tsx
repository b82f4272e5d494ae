import { Badge, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime, localDate, zoneLabel } from '../format';
import { useI18n } from '../i18n';

/** Calendars: non-working days by year (official or provisional), and a deadline calculator. */
export default function AdminCalendarsPage() {
  const { t, locale } = useI18n();
  const list = useQuery({ queryKey: ['calendars'], queryFn: async () => unwrap(await api.GET('/v1/calendars')) });
  const [id, setId] = useState<string | null>(null);
  const calendarId = id ?? list.data?.[0]?.id ?? null;
  const detail = useQuery({
    queryKey: ['calendar', calendarId],
    enabled: calendarId !== null,
    queryFn: async () => unwrap(await api.GET('/v1/calendars/{id}', { params: { path: { id: calendarId ?? '' } } })),
  });
  const years = detail.data?.years.map((y) => String(y.year)) ?? [];
  const [year, setYear] = useState<string | null>(null);
  const shown = detail.data?.years.find((y) => String(y.year) === (year ?? String(new Date().getFullYear()))) ?? detail.data?.years[0];

  const [start, setStart] = useState('');
  const [days, setDays] = useState<number | string>(5);
  const calc = useMutation({
    mutationFn: async () =>
      unwrap(await api.GET('/v1/calendars/{id}/deadline', { params: { path: { id: calendarId ?? '' }, query: { start, workingDays: typeof days === 'number' ? days : Number(days) } } })),
  });
  const err = calc.error instanceof ApiError ? calc.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    calc.mutate();
  };
  return (
    <Stack>
      <Title order={1}>{t('calendars.title')}</Title>
      <ErrorAlert error={list.error ?? detail.error} />
      <Group align="end">
        <Select label={t('calendars.calendar')} data={(list.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${zoneLabel(c.timeZone)})` }))} value={calendarId} onChange={setId} allowDeselect={false} />
        <Select label={t('calendars.year')} data={years} value={shown ? String(shown.year) : null} onChange={setYear} allowDeselect={false} />
        {shown && (
          <Badge color={shown.official ? 'brand' : 'amber'} variant="light" size="lg">
            {shown.official ? t('calendars.official') : t('calendars.provisional')}
          </Badge>
        )}
      </Group>
      {shown && (
        <Paper withBorder p="md">
          <Title order={2} size="h3" mb="sm">
            {t('calendars.nonWorking', { year: shown.year })}
          </Title>
          <Table className="data" aria-label={t('calendars.nonWorking', { year: shown.year })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('calendars.date')}</Table.Th>
                <Table.Th scope="col">{t('calendars.name')}</Table.Th>
                <Table.Th scope="col">{t('calendars.kind')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.nonWorkingDays.map((d) => (
                <Table.Tr key={`${d.date}-${d.name}`}>
                  <Table.Td>{localDate(d.date, locale)}</Table.Td>
                  <Table.Td>{d.name}</Table.Td>
                  <Table.Td>{t(`calendars.kinds.${d.kind}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={t('calendars.calculator')}>
        <Title order={2} size="h3" mb="sm">
          {t('calendars.calculator')}
        </Title>
        <Group align="start">
          <TextInput label={t('calendars.start')} description={t('calendars.startHint')} withAsterisk value={start} onChange={(e) => setStart(e.currentTarget.value)} error={err?.fieldError('start')} />
          <NumberInput label={t('calendars.workingDays')} withAsterisk min={0} max={1000} value={days} onChange={setDays} error={err?.fieldError('workingDays')} />
          <Button type="submit" mt={24} loading={calc.isPending}>
            {t('calendars.compute')}
          </Button>
        </Group>
        {calc.error && !err?.problem?.errors?.length && <ErrorAlert error={calc.error} />}
        {calc.data && (
          <Text mt="sm" role="status" fw={600}>
            {t('calendars.result', { deadline: dateTime(calc.data.deadline, locale, calc.data.timeZone) })}{' '}
            {calc.data.provisional && (
              <Badge color="amber" variant="light">
                {t('calendars.provisional')}
              </Badge>
            )}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
