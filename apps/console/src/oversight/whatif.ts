import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '@tenggat/api-client';
import { api, unwrap } from '../api/client';

export type WhatIfRun = components['schemas']['WhatIfRunView'];
export type WhatIfReport = components['schemas']['WhatIfReportView'];
export type WhatIfSide = components['schemas']['WhatIfSideView'];
export type CreateWhatIfRun = components['schemas']['CreateWhatIfRunDto'];

/** A run is still being worked while queued or running. */
export const isActive = (r: WhatIfRun | undefined): boolean => r !== undefined && (r.status === 'queued' || r.status === 'running');

/** Starts a run (202 with the run). */
export function useCreateWhatIfRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateWhatIfRun) => unwrap(await api.POST('/v1/whatif/runs', { body })),
    onSuccess: (run) => qc.setQueryData(['whatif', 'run', run.id], run),
  });
}

/** The run, polled every second while it is worked (progress: cases done of total). */
export function useWhatIfRun(id: string | undefined) {
  return useQuery({
    queryKey: ['whatif', 'run', id],
    queryFn: async () => unwrap(await api.GET('/v1/whatif/runs/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: id !== undefined,
    refetchInterval: (q) => (isActive(q.state.data) ? 1000 : false),
  });
}

export function useCancelWhatIfRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST('/v1/whatif/runs/{id}/cancel', { params: { path: { id } } })),
    onSuccess: (run) => qc.setQueryData(['whatif', 'run', run.id], run),
  });
}

/** The report of a finished run (asked for only once the run is done). */
export function useWhatIfReport(id: string | undefined, done: boolean) {
  return useQuery({
    queryKey: ['whatif', 'report', id],
    queryFn: async () => {
      const r = unwrap(await api.GET('/v1/whatif/runs/{id}/report', { params: { path: { id: id ?? '' } } }));
      if (typeof r === 'string') throw new Error('expected JSON, got CSV');
      return r;
    },
    enabled: id !== undefined && done,
    staleTime: Infinity,
  });
}

/** The calendars a change may name. */
export function useCalendarOptions() {
  return useQuery({
    queryKey: ['calendars', 'all'],
    queryFn: async () => unwrap(await api.GET('/v1/calendars')),
    staleTime: 300_000,
  });
}

/** Lines `YYYY-MM-DD name` (the name optional) as proposed non-working days. */
export function parseAddedDays(text: string): { date: string; name?: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const [date, ...rest] = l.split(/\s+/);
      const name = rest.join(' ').trim();
      return name ? { date, name } : { date };
    });
}

/** Dates separated by commas, spaces or lines. */
export const parseDates = (text: string): string[] => text.split(/[\s,]+/).filter((d) => d !== '');

/** Monthly sums over every group: the breaches and deemed approvals per month, actual and proposal. */
export function monthlyTotals(report: WhatIfReport): { month: string; side: 'actual' | 'proposal'; breaches: number; deemed: number; decided: number; cases: number }[] {
  const by = new Map<string, { actual: WhatIfSide[]; proposal: WhatIfSide[] }>();
  for (const g of report.groups) {
    const m = by.get(g.month) ?? { actual: [], proposal: [] };
    m.actual.push(g.actual);
    m.proposal.push(g.proposal);
    by.set(g.month, m);
  }
  const sum = (xs: WhatIfSide[], k: 'breaches' | 'deemedApprovals' | 'decided' | 'cases') => xs.reduce((a, x) => a + x[k], 0);
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([month, s]) =>
      (['actual', 'proposal'] as const).map((side) => ({ month, side, breaches: sum(s[side], 'breaches'), deemed: sum(s[side], 'deemedApprovals'), decided: sum(s[side], 'decided'), cases: sum(s[side], 'cases') })),
    );
}

/**
 * Cases falling due per local date, actual and proposal: one agency's cliffs (every deadline is the
 * end of a working day, so one instant a day), or the sum over every agency's cliff of the date.
 */
export function dailyCliffs(report: WhatIfReport, agency: string | null): { date: string; actual: number; proposal: number }[] {
  const by = new Map<string, { actual: number; proposal: number }>();
  for (const c of report.cliffs) {
    if (agency && c.agency !== agency) continue;
    const d = by.get(c.date) ?? { actual: 0, proposal: 0 };
    d.actual += c.actual;
    d.proposal += c.proposal;
    by.set(c.date, d);
  }
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, v]) => ({ date, ...v }));
}
