import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError, onSessionExpired, unwrap } from './api/client';

export const ME_KEY = ['me'] as const;

/** Who is logged in (GET /v1/me with the session cookie); null when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return unwrap(await api.GET('/v1/me'));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export type Me = NonNullable<ReturnType<typeof useMe>['data']>;

export const isAdmin = (me: Me): boolean => me.roles.includes('admin');
export const isSupervisor = (me: Me): boolean => me.roles.includes('supervisor') && me.agencyCode !== null;
const RESERVED = ['applicant', 'supervisor', 'ombudsman', 'admin', 'system'];
export const officerRoles = (me: Me): string[] => me.roles.filter((r) => !RESERVED.includes(r));
export const isStaff = (me: Me): boolean => me.agencyCode !== null && (officerRoles(me).length > 0 || isSupervisor(me));
export const isOmbudsman = (me: Me): boolean => me.roles.includes('ombudsman');
export const canOversee = (me: Me): boolean => isOmbudsman(me) || isAdmin(me);
export const isApplicant = (me: Me): boolean => me.roles.includes('applicant');

/** Where a user starts: staff at the inbox, the ombudsman at the dashboard, admins at the users, applicants at their applications, others at their account. */
export function homeOf(me: Me): string {
  if (isStaff(me)) return '/inbox';
  if (isOmbudsman(me)) return '/oversight';
  if (isAdmin(me)) return '/admin/users';
  if (isApplicant(me)) return '/portal/applications';
  return '/account';
}

/** When the API answers 401 (session expired or logged out elsewhere): back to login, then back here. */
export function useSessionExpiry(): void {
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  useEffect(
    () =>
      onSessionExpired(() => {
        qc.setQueryData(ME_KEY, null);
        // the public pages need no session: a 401 there (GET /v1/me) sends nobody to the login page
        if (location.pathname !== '/login' && !location.pathname.startsWith('/public')) void navigate('/login', { state: { from: location.pathname, expired: true } });
      }),
    [navigate, location.pathname, qc],
  );
}
