import { useQuery } from '@tanstack/react-query';
import type { components } from '@tenggat/api-client';
import { api, unwrap } from '../api/client';

export type Receipt = components['schemas']['SubmissionReceipt'];
export type FormField = components['schemas']['FormFieldView'];
export type Requirement = components['schemas']['DocumentRequirementView'];

/** The receipt of a submission, kept in memory only (the access code is in the first answer alone). */
export const receiptKey = (id: string) => ['portal', 'receipt', id] as const;

export function usePermitTypes() {
  return useQuery({
    queryKey: ['permit-types', 'all'],
    queryFn: async () => unwrap(await api.GET('/v1/permit-types', { params: { query: { pageSize: 100 } } })),
    staleTime: 300_000,
  });
}

export function useMyApplications(page: number) {
  return useQuery({
    queryKey: ['portal', 'applications', page],
    queryFn: async () => unwrap(await api.GET('/v1/applications', { params: { query: { page, pageSize: 20 } } })),
    refetchInterval: 30_000,
  });
}

export function useCaseComplaints(id: string) {
  return useQuery({
    queryKey: ['portal', 'complaints', id],
    queryFn: async () => unwrap(await api.GET('/v1/applications/{id}/complaints', { params: { path: { id } } })),
  });
}

/** Whether the permit PDF is served (GET /v1/applications/{id}/permit.pdf): the decision links to it when it is. */
export function usePermitPdf(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['portal', 'permit-pdf', id],
    enabled,
    queryFn: async () => {
      const res = await fetch(`/v1/applications/${encodeURIComponent(id)}/permit.pdf`, { method: 'HEAD', credentials: 'same-origin' });
      return res.ok;
    },
    staleTime: 300_000,
    retry: false,
  });
}

/** A form value from what the input holds, typed as the field declares (empty means left out). */
export function valueOf(field: FormField, raw: string | boolean): unknown {
  if (typeof raw === 'boolean') return raw;
  if (raw.trim() === '') return undefined;
  if (field.type === 'number' || field.type === 'integer') {
    const n = Number(raw.replace(',', '.'));
    return Number.isFinite(n) ? n : raw;
  }
  return raw;
}
