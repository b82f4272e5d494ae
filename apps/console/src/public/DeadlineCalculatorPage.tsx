import { Badge, Button, Group, NumberInput, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { dateTime, localDate, zoneLabel } from '../format';
import { usePublicT, useI18n } from '../i18n';

/** When does a deadline of N working days fall, on any agency's calendar? */
export default function DeadlineCalculatorPage() {
  const { locale } = useI18n();
  const p = usePublicT();
  const list = useQuery({ queryKey: ['calendars'], queryFn: async () => unwrap(await api.GET('/v1/calendars')) });
  const [id, setId] = useState<string | null>(null);
  const calendarId = id ?? list.data?.[0]?.id ?? null;
  const [start, setStart] = useState(() => new Date().toISOString().slice(0, 10));
  const [days, setDays] = useState<number | string>(5);
  const calc = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.GET('/v1/calendars/{id}/deadline', {
          params: { path: { id: calendarId ?? '' }, query: { start, workingDays: typeof days === 'number' ? days : Number(days) } },
        }),
      ),
  });
  const err = calc.error instanceof ApiError ? calc.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    calc.mutate();
  };
  return (
    <Stack>
      <Title order={1}>{p('calculator.title')}</Title>
      <Text>{p('calculator.intro')}</Text>
      <ErrorAlert error={list.error} />
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={p('calculator.title')}>
        <Group align="start" wrap="wrap">
          <Select
            label={p('calculator.calendar')}
            data={(list.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${zoneLabel(c.timeZone)})` }))}
            value={calendarId}
            onChange={setId}
            allowDeselect={false}
            miw={260}
          />
          <TextInput
            type="date"
            label={p('calculator.start')}
            description={p('calculator.startHint')}
            withAsterisk
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            error={err?.fieldError('start')}
          />
          <NumberInput label={p('calculator.workingDays')} withAsterisk min={0} max={1000} value={days} onChange={setDays} error={err?.fieldError('workingDays')} />
          <Button type="submit" mt={24} loading={calc.isPending}>
            {p('calculator.compute')}
          </Button>
        </Group>
        {calc.error && !err?.problem?.errors?.length && <ErrorAlert error={calc.error} />}
        {calc.data && (
          <Text mt="md" role="status" fw={600} size="lg">
            {p('calculator.result', {
              count: calc.data.workingDays,
              date: localDate(calc.data.deadlineLocalDate, locale),
              deadline: dateTime(calc.data.deadline, locale, calc.data.timeZone),
            })}{' '}
            {calc.data.provisional && (
              <Badge color="amber" variant="light">
                {p('calculator.provisional')}
              </Badge>
            )}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
