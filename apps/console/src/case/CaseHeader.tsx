import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { WorkingDaysLeft } from '../components/Urgency';
import { dateTime, money } from '../format';
import { useI18n } from '../i18n';
import type { CaseData } from './queries';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="gray.7" component="dt">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </Stack>
  );
}

/** Reference, permit type and version, state, the legal and state deadlines, deemed approval, compensation. */
export function CaseHeader({ c, onBreach, holder }: { c: CaseData; onBreach: string | undefined; holder: string | null }) {
  const { t, locale } = useI18n();
  const statutory = c.clocks.find((k) => k.kind === 'statutory');
  const stateClock = c.clocks.find((k) => k.kind === 'state' && k.state === c.state && k.status === 'running');
  const zone = c.timeZone;
  const label = c.timeZoneLabel;
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={1}>{c.reference ?? c.id}</Title>
        <Group gap="xs">
          <Badge size="lg" variant="light">
            {c.stateLabel ?? c.state}
          </Badge>
          {c.flags.warned && <Badge color="amber">{t('flags.warned')}</Badge>}
          {c.flags.breached && <Badge color="danger">{t('flags.breached')}</Badge>}
          {c.flags.escalated && <Badge color="danger" variant="filled">{t('flags.escalated')}</Badge>}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} component="dl" m={0}>
        <Fact label={t('case.permitType')}>
          {c.permitType.name} ({c.permitType.code}) · {t('case.version', { version: c.permitType.version ?? '–' })}
        </Fact>
        <Fact label={t('case.holder')}>{holder ?? t('case.unassigned')}</Fact>
        <Fact label={t('case.legalDeadline')}>
          {dateTime(c.deadline, locale, zone, label)}{' '}
          {c.deadlineProvisional && (
            <Badge color="dark" size="sm" title={t('case.provisionalHint')}>
              {t('case.provisional')}
            </Badge>
          )}
        </Fact>
        <Fact label={t('case.legalDaysLeft')}>
          {statutory?.status === 'finished' ? (
            t('case.clockFinished', { used: statutory.consumedWorkingDays ?? 0, budget: statutory.budgetWorkingDays ?? 0 })
          ) : statutory ? (
            <>
              <WorkingDaysLeft days={statutory.remainingWorkingDays ?? null} breached={c.flags.breached} warned={c.flags.warned} locale={locale} label={t('case.legalDaysLeft')} />{' '}
              {statutory.status === 'stopped' && <Badge color="amber">{t('flags.stopped')}</Badge>}
            </>
          ) : (
            '–'
          )}
        </Fact>
        <Fact label={t('case.stateDeadline')}>
          {stateClock ? (
            <>
              {dateTime(stateClock.deadline, locale, zone, label)}{' '}
              <WorkingDaysLeft days={stateClock.remainingWorkingDays ?? null} breached={stateClock.breachedAt !== null} warned={stateClock.warned} locale={locale} label={t('case.stateDeadline')} />
            </>
          ) : (
            t('case.noStateClock')
          )}
        </Fact>
        <Fact label={t('case.deemedApproval')}>{onBreach === 'deemed-approval' ? dateTime(c.deadline, locale, zone, label) : t('case.deemedNotApplicable')}</Fact>
        <Fact label={t('case.compensation')}>
          {c.compensation ? t('case.compensationOwed', { amount: money(c.compensation.owed, c.compensation.currency, locale), days: c.compensation.workingDaysLate }) : t('case.noCompensation')}
        </Fact>
        <Fact label={t('case.notices')}>{t('inbox.noticesOf', { sent: c.deficiencyNotices.sent ?? 0, max: c.deficiencyNotices.max ?? 0 })}</Fact>
        <Fact label={t('case.received')}>{dateTime(c.submittedAt, locale, zone, label)}</Fact>
      </SimpleGrid>
    </Paper>
  );
}
