import { Group, List, Paper, Text, Title } from '@mantine/core';
import { dateTime, duration } from '../format';
import { useI18n } from '../i18n';
import { ribbon } from '../ribbon';
import type { CaseData, TimelineData } from './queries';

/** The statutory clock drawn over time: running and stopped segments; each stop with who, why and how long. */
export function ClockRibbon({ c, timeline, names }: { c: CaseData; timeline: TimelineData; names: Map<string, string> }) {
  const { t, locale } = useI18n();
  const segments = ribbon(timeline, Date.now(), c.deadline);
  const units = { d: t('units.d'), h: t('units.h'), m: t('units.m') };
  const stops = segments.filter((s) => s.kind === 'stopped');
  const who = (id: string | null | undefined, role: string | null | undefined) => (id ? (names.get(id) ?? role ?? '–') : (role ?? t('case.system')));
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        {t('case.ribbon')}
      </Title>
      {segments.length === 0 ? (
        <Text>{t('case.noClock')}</Text>
      ) : (
        <>
          <div className="ribbon" role="img" aria-label={t('case.ribbonLabel', { stops: stops.length })}>
            {segments.map((s) => (
              <span
                key={`${s.kind}-${s.from}`}
                className={`ribbon-${s.kind === 'ahead' ? 'now' : s.kind}`}
                style={{ width: `${(s.share * 100).toFixed(2)}%` }}
                title={`${t(`case.segment.${s.kind}`)}: ${dateTime(new Date(s.from).toISOString(), locale, c.timeZone, c.timeZoneLabel)} – ${dateTime(new Date(s.to).toISOString(), locale, c.timeZone, c.timeZoneLabel)}`}
              />
            ))}
          </div>
          <Group gap="md" mt="xs">
            <Text size="xs">
              <span className="urgency urgency-green">■</span> {t('case.segment.running')}
            </Text>
            <Text size="xs">
              <span className="urgency urgency-amber">■</span> {t('case.segment.stopped')}
            </Text>
            <Text size="xs">
              <span className="urgency">□</span> {t('case.segment.ahead')}
            </Text>
          </Group>
          {stops.length > 0 && (
            <List mt="sm" size="sm">
              {stops.map((s) => (
                <List.Item key={s.from}>
                  {t('case.stopLine', {
                    from: dateTime(new Date(s.from).toISOString(), locale, c.timeZone, c.timeZoneLabel),
                    who: who(s.actorId, s.actorRole),
                    why: s.reason ?? '–',
                    long: duration(s.to - s.from, units),
                  })}
                </List.Item>
              ))}
            </List>
          )}
        </>
      )}
    </Paper>
  );
}
