import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Shell } from './components/Shell';
import { useI18n } from './i18n';
import { LoginPage } from './pages/LoginPage';
import { canOversee, homeOf, isAdmin, isApplicant, isStaff, isSupervisor, useMe, useSessionExpiry, type Me } from './session';

const AccountPage = lazy(() => import('./pages/AccountPage'));
const InboxPage = lazy(() => import('./pages/InboxPage'));
const CasePage = lazy(() => import('./pages/CasePage'));
const BoardPage = lazy(() => import('./pages/BoardPage'));
const AdminUsersPage = lazy(() => import('./pages/AdminUsersPage'));
const AdminCalendarsPage = lazy(() => import('./pages/AdminCalendarsPage'));
const AdminPermitTypesPage = lazy(() => import('./pages/AdminPermitTypesPage'));
const AdminMigrationsPage = lazy(() => import('./pages/AdminMigrationsPage'));
const DashboardPage = lazy(() => import('./pages/OversightDashboardPage'));
const OverduePage = lazy(() => import('./pages/OversightOverduePage'));
const SignalsPage = lazy(() => import('./pages/OversightSignalsPage'));
const ComplaintsPage = lazy(() => import('./pages/OversightComplaintsPage'));
const CaseRecordPage = lazy(() => import('./pages/OversightCaseRecordPage'));
const WhatIfPage = lazy(() => import('./pages/OversightWhatIfPage'));
const RegisterPage = lazy(() => import('./pages/PortalRegisterPage'));
const PermitTypesPage = lazy(() => import('./pages/PortalPermitTypesPage'));
const ApplyPage = lazy(() => import('./pages/PortalApplyPage'));
const MyApplicationsPage = lazy(() => import('./pages/PortalMyApplicationsPage'));
const ApplicationPage = lazy(() => import('./pages/PortalApplicationPage'));
const ReceiptPage = lazy(() => import('./pages/PortalReceiptPage'));
const PublicApp = lazy(() => import('./public/PublicApp'));

function Loading() {
  const { t } = useI18n();
  return (
    <Center p="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** A screen for users who pass `allowed`; others are sent home (or to login when nobody is logged in). */
function Guarded({ allowed, children }: { allowed: (me: Me) => boolean; children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (!allowed(me.data)) return <Navigate to={homeOf(me.data)} replace />;
  return (
    <Shell me={me.data}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </Shell>
  );
}

const anyone = (): boolean => true;

export function App() {
  useSessionExpiry();
  const me = useMe();
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/public/*" element={<Suspense fallback={<Loading />}><PublicApp /></Suspense>} />
      <Route path="/account" element={<Guarded allowed={anyone}><AccountPage /></Guarded>} />
      <Route path="/inbox" element={<Guarded allowed={isStaff}><InboxPage /></Guarded>} />
      <Route path="/cases/:id" element={<Guarded allowed={isStaff}><CasePage /></Guarded>} />
      <Route path="/board" element={<Guarded allowed={isSupervisor}><BoardPage /></Guarded>} />
      <Route path="/admin/users" element={<Guarded allowed={isAdmin}><AdminUsersPage /></Guarded>} />
      <Route path="/admin/calendars" element={<Guarded allowed={isAdmin}><AdminCalendarsPage /></Guarded>} />
      <Route path="/admin/permit-types" element={<Guarded allowed={isAdmin}><AdminPermitTypesPage /></Guarded>} />
      <Route path="/admin/migrations" element={<Guarded allowed={(m) => isAdmin(m) || isSupervisor(m)}><AdminMigrationsPage /></Guarded>} />
      <Route path="/oversight" element={<Guarded allowed={canOversee}><DashboardPage /></Guarded>} />
      <Route path="/oversight/overdue" element={<Guarded allowed={canOversee}><OverduePage /></Guarded>} />
      <Route path="/oversight/signals" element={<Guarded allowed={canOversee}><SignalsPage /></Guarded>} />
      <Route path="/oversight/complaints" element={<Guarded allowed={canOversee}><ComplaintsPage /></Guarded>} />
      <Route path="/oversight/cases/:id" element={<Guarded allowed={canOversee}><CaseRecordPage /></Guarded>} />
      <Route path="/oversight/whatif" element={<Guarded allowed={canOversee}><WhatIfPage /></Guarded>} />
      <Route path="/register" element={<Suspense fallback={<Loading />}><RegisterPage /></Suspense>} />
      <Route path="/portal" element={<Guarded allowed={isApplicant}><PermitTypesPage /></Guarded>} />
      <Route path="/portal/apply/:code" element={<Guarded allowed={isApplicant}><ApplyPage /></Guarded>} />
      <Route path="/portal/applications" element={<Guarded allowed={isApplicant}><MyApplicationsPage /></Guarded>} />
      <Route path="/portal/applications/:id" element={<Guarded allowed={isApplicant}><ApplicationPage /></Guarded>} />
      <Route path="/portal/applications/:id/receipt" element={<Guarded allowed={isApplicant}><ReceiptPage /></Guarded>} />
      <Route path="*" element={me.isPending ? <Loading /> : <Navigate to={me.data ? homeOf(me.data) : '/login'} replace />} />
    </Routes>
  );
}
