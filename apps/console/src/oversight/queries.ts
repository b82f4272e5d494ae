import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components, operations } from '@tenggat/api-client';
import { api, unwrap } from '../api/client';

export type DashboardData = components['schemas']['DashboardView'];
export type OverdueQuery = NonNullable<operations['listOverdue']['parameters']['query']>;
export type ComplaintStatus = components['schemas']['HandleComplaintDto']['status'];
export type ComplaintCategory = components['schemas']['FileComplaintDto']['category'];

export const ZONES = ['WIB', 'WITA', 'WIT'] as const;
type Zone = (typeof ZONES)[number];
export const COMPLAINT_STATUSES: readonly ComplaintStatus[] = ['received', 'under-review', 'substantiated', 'unsubstantiated', 'closed'];
export const COMPLAINT_CATEGORIES: readonly ComplaintCategory[] = [
  'undue-delay',
  'deviation-from-procedure',
  'failure-to-serve',
  'request-for-illegal-payment',
  'incompetence',
  'abuse-of-authority',
  'discrimination',
  'conflict-of-interest',
  'partiality',
  'impropriety',
];

/** The dashboard filters as the URL holds them (?months=&agency=&permitType=&zone=). */
interface DashboardFilters {
  months: number;
  agency?: string;
  permitType?: string;
  zone?: Zone;
}

const isZone = (z: string | null): z is Zone => ZONES.some((x) => x === z);

export function filtersOf(params: URLSearchParams): DashboardFilters {
  const months = Number(params.get('months'));
  const zone = params.get('zone');
  return {
    months: Number.isInteger(months) && months >= 1 && months <= 60 ? months : 6,
    agency: params.get('agency') || undefined,
    permitType: params.get('permitType') || undefined,
    zone: isZone(zone) ? zone : undefined,
  };
}

export function useDashboard(f: DashboardFilters) {
  return useQuery({
    queryKey: ['oversight', 'dashboard', f],
    queryFn: async () => unwrap(await api.GET('/v1/oversight/dashboard', { params: { query: f } })),
    placeholderData: keepPreviousData,
  });
}

export function useOverdue(q: OverdueQuery) {
  return useQuery({
    queryKey: ['oversight', 'overdue', q],
    queryFn: async () => {
      const page = unwrap(await api.GET('/v1/oversight/overdue', { params: { query: { ...q, format: 'json' } } }));
      if (typeof page === 'string') throw new Error('expected JSON, got CSV');
      return page;
    },
    placeholderData: keepPreviousData,
  });
}

export function useSignals(agency: string | undefined) {
  return useQuery({
    queryKey: ['oversight', 'signals', agency],
    queryFn: async () => unwrap(await api.GET('/v1/oversight/signals', { params: { query: { agency } } })),
  });
}

export function useComplaints(q: { agency?: string; status?: ComplaintStatus; category?: ComplaintCategory; page: number }) {
  return useQuery({
    queryKey: ['oversight', 'complaints', q],
    queryFn: async () => unwrap(await api.GET('/v1/oversight/complaints', { params: { query: { ...q, pageSize: 25 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useHandleComplaint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { id: string; status: ComplaintStatus; findings?: string }) =>
      unwrap(await api.PATCH('/v1/oversight/complaints/{id}', { params: { path: { id: v.id } }, body: { status: v.status, findings: v.findings } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['oversight', 'complaints'] }),
  });
}

export function useCaseRecord(id: string) {
  return useQuery({
    queryKey: ['oversight', 'record', id],
    queryFn: async () => unwrap(await api.GET('/v1/oversight/applications/{id}', { params: { path: { id } } })),
  });
}

/** Agencies and permit types for the filter pickers (the public catalogue). */
export function usePermitTypeOptions() {
  return useQuery({
    queryKey: ['permit-types', 'all'],
    queryFn: async () => unwrap(await api.GET('/v1/permit-types', { params: { query: { pageSize: 100 } } })),
    staleTime: 300_000,
  });
}

/** The overdue query as URL search parameters (the CSV link and the page URL share it). */
export function overdueSearch(q: OverdueQuery, omitPaging = false): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === '' || (omitPaging && (k === 'page' || k === 'pageSize'))) continue;
    s.set(k, String(v));
  }
  return s.toString();
}
