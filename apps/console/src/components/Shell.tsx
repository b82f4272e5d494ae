import { AppShell, Button, Group, NavLink, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useI18n } from '../i18n';
import { canOversee, isAdmin, isApplicant, isStaff, isSupervisor, ME_KEY, type Me } from '../session';
import { LanguageSwitch } from './LanguageSwitch';
import { NetworkBanner } from './NetworkBanner';

/** The frame of every screen: header (who, language, logout), navigation, the screen. */
export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const links: { to: string; label: string; exact?: boolean }[] = [
    ...(isStaff(me) ? [{ to: '/inbox', label: t('nav.inbox') }] : []),
    ...(isSupervisor(me) ? [{ to: '/board', label: t('nav.board') }] : []),
    ...(canOversee(me) ? [{ to: '/oversight', label: t('nav.oversight') }] : []),
    ...(isApplicant(me)
      ? [
          { to: '/portal/applications', label: t('nav.myApplications') },
          { to: '/portal', label: t('nav.applyNew'), exact: true },
        ]
      : []),
    ...(isAdmin(me)
      ? [
          { to: '/admin/users', label: t('nav.users') },
          { to: '/admin/calendars', label: t('nav.calendars') },
          { to: '/admin/permit-types', label: t('nav.permitTypes') },
        ]
      : []),
    ...(isAdmin(me) || isSupervisor(me) ? [{ to: '/admin/migrations', label: t('nav.migrations') }] : []),
    { to: '/account', label: t('nav.account') },
  ];

  async function logout() {
    await api.DELETE('/v1/auth/session');
    qc.clear();
    qc.setQueryData(ME_KEY, null);
    await navigate('/login');
  }

  return (
    <AppShell className="shell" header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Text fw={700} size="lg" component="span">
            {t('app.name')}
          </Text>
          <Group gap="sm">
            <LanguageSwitch />
            <Text size="sm" component="span">
              {me.name}
            </Text>
            <Button variant="default" size="xs" onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.label')}>
        {links.map((l) => (
          <NavLink key={l.to} component={Link} to={l.to} label={l.label} active={l.exact ? location.pathname === l.to || location.pathname.startsWith('/portal/apply') : location.pathname.startsWith(l.to)} />
        ))}
        {isAdmin(me) && (
          <NavLink component="a" href="/admin/queues" label={t('nav.queues')} />
        )}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <NetworkBanner />
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

