import { Badge, Group, Paper, Text, Timeline as MTimeline, Title } from '@mantine/core';
import { dateTime } from '../format';
import { useI18n } from '../i18n';
import { useAuditCheck, type CaseData, type TimelineData } from './queries';

/** Audit and clock events in order, with the case's audit-chain check. */
export function Timeline({ c, timeline, names }: { c: CaseData; timeline: TimelineData; names: Map<string, string> }) {
  const { t, locale } = useI18n();
  const check = useAuditCheck(c.id);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3">
          {t('timeline.title')}
        </Title>
        {check.data &&
          (check.data.ok ? (
            <Badge color="brand" variant="light" data-audit="ok">
              {t('timeline.chainOk', { count: check.data.checked })}
            </Badge>
          ) : (
            <Badge color="danger" variant="filled" data-audit="broken">
              {t('timeline.chainBroken', { seq: check.data.brokenAtSeq ?? '?' })}
            </Badge>
          ))}
      </Group>
      <MTimeline bulletSize={14} lineWidth={2}>
        {timeline.map((e) => (
          <MTimeline.Item key={`${e.type}-${e.seq}`} color={e.type === 'clock' ? 'orange' : 'teal'} title={e.type === 'clock' ? t('timeline.clockEvent', { action: e.action, clock: e.clock ?? '' }) : e.action}>
            <Text size="xs" c="gray.7">
              {dateTime(e.at, locale, c.timeZone, c.timeZoneLabel)} · {e.actorId ? (names.get(e.actorId) ?? e.actorRole) : (e.actorRole ?? t('case.system'))}
              {e.fromState && e.toState ? ` · ${e.fromState} → ${e.toState}` : ''}
            </Text>
            {e.comment && <Text size="sm">{e.comment}</Text>}
            {e.reason && <Text size="sm">{e.reason}</Text>}
          </MTimeline.Item>
        ))}
      </MTimeline>
    </Paper>
  );
}
