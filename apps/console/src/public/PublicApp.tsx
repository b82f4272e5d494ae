import { Anchor, Center, Container, Group, Loader, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link, NavLink, Route, Routes } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { usePublicT, useI18n } from '../i18n';
import { PUBLIC_LINKS } from './links';

const PublicHome = lazy(() => import('./PublicHome'));
const ServiceStandardsPage = lazy(() => import('./ServiceStandardsPage'));
const DeadlineCalculatorPage = lazy(() => import('./DeadlineCalculatorPage'));
const TrackPage = lazy(() => import('./TrackPage'));
const PublicStatsPage = lazy(() => import('./PublicStatsPage'));
const PermitVerifyPage = lazy(() => import('./PermitVerifyPage'));


function Loading() {
  const { t } = useI18n();
  return (
    <Center p="xl">
      <Loader role="status" aria-label={t('common.loading')} />
    </Center>
  );
}

/** The pages anyone may open, without a login: their own frame (no session, nothing personal). */
export default function PublicApp() {
  const { t } = useI18n();
  const p = usePublicT();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="public-header">
        <Container size="lg">
          <Group justify="space-between" py="sm" wrap="wrap">
            <Anchor component={Link} to="/public" fw={700} size="lg" c="brand.8" underline="never">
              {p('brand')}
            </Anchor>
            <LanguageSwitch />
          </Group>
          <nav aria-label={p('nav')}>
            <Group gap="md" pb="sm" wrap="wrap">
              {PUBLIC_LINKS.map((l) => (
                <Anchor key={l.to} component={NavLink} to={l.to} className="public-link">
                  {p(`links.${l.key}`)}
                </Anchor>
              ))}
            </Group>
          </nav>
        </Container>
      </header>
      <Container size="lg" component="main" id="main" py="md">
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route index element={<PublicHome />} />
            <Route path="standards" element={<ServiceStandardsPage />} />
            <Route path="calculator" element={<DeadlineCalculatorPage />} />
            <Route path="track" element={<TrackPage />} />
            <Route path="stats" element={<PublicStatsPage />} />
            <Route path="permits/*" element={<PermitVerifyPage />} />
            <Route path="permits" element={<PermitVerifyPage />} />
          </Routes>
        </Suspense>
      </Container>
      <Container size="lg" component="footer" py="md">
        <Text size="sm" c="dimmed">
          {p('footer')}{' '}
          <Anchor component={Link} to="/login" size="sm" underline="always">
            {p('staffLogin')}
          </Anchor>
        </Text>
      </Container>
    </>
  );
}
