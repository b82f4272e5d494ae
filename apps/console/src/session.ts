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

/** Where a user starts: staff at the inbox, admins at the users, others at their account. */
export function homeOf(me: Me): string {
  if (isStaff(me)) return '/inbox';
  if (isAdmin(me)) return '/admin/users';
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
