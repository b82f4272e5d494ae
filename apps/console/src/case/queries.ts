import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

export const caseKey = (id: string) => ['case', id] as const;

export function useCase(id: string) {
  return useQuery({ queryKey: caseKey(id), queryFn: async () => unwrap(await api.GET('/v1/applications/{id}', { params: { path: { id } } })) });
}

export type CaseData = NonNullable<ReturnType<typeof useCase>['data']>;

export function useAvailableActions(id: string) {
  return useQuery({
    queryKey: [...caseKey(id), 'actions'],
    queryFn: async () => unwrap(await api.GET('/v1/applications/{id}/actions', { params: { path: { id } } })),
  });
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: [...caseKey(id), 'timeline'],
    queryFn: async () => unwrap(await api.GET('/v1/applications/{id}/timeline', { params: { path: { id } } })),
  });
}

export type TimelineData = NonNullable<ReturnType<typeof useTimeline>['data']>;

export function useAuditCheck(id: string) {
  return useQuery({
    queryKey: [...caseKey(id), 'audit'],
    queryFn: async () => unwrap(await api.GET('/v1/applications/{id}/audit-check', { params: { path: { id } } })),
  });
}

export function usePermitType(code: string | undefined) {
  return useQuery({
    queryKey: ['permit-type', code],
    enabled: code !== undefined,
    queryFn: async () => unwrap(await api.GET('/v1/permit-types/{code}', { params: { path: { code: code ?? '' } } })),
    staleTime: 300_000,
  });
}

export type PermitTypeData = NonNullable<ReturnType<typeof usePermitType>['data']>;

/** The agency's staff, by id (names of holders and actors, the assign picker). */
export function useStaff() {
  return useQuery({
    queryKey: ['staff'],
    queryFn: async () => unwrap(await api.GET('/v1/staff')),
    staleTime: 60_000,
  });
}
