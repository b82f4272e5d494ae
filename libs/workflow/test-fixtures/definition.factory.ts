/**
 * Test data for the workflow specs: a small, valid permit type as plain data, and helpers to
 * derive broken variants from it without copy-pasting YAML.
 */
import type { PermitTypeDefinition } from '@tenggat/workflow';

export type RawDefinition = Record<string, unknown> & {
  states: Record<string, Record<string, unknown>>;
  transitions: Array<Record<string, unknown>>;
};

/** A fresh, mutable copy of a valid definition every call. */
export function validRaw(): RawDefinition {
  return structuredClone({
    code: 'izin-contoh',
    name: 'Izin Contoh',
    agency: 'dpmptsp-kota-contoh',
    legalBasis: ['Perda Kota Contoh 1/2026'],
    risk: 'medium-low',
    roles: ['verifier', 'reviewer'],
    requirements: [
      { code: 'site-plan', name: 'Gambar situasi', mediaTypes: ['application/pdf'], maxBytes: 1048576 },
      { code: 'land-title', name: 'Sertifikat tanah', mediaTypes: ['application/pdf'], maxBytes: 1048576 },
      { code: 'photo', name: 'Foto lokasi', mediaTypes: ['image/jpeg'], maxBytes: 1048576, optional: true },
    ],
    form: {
      fields: [
        { name: 'buildingName', label: 'Nama bangunan', type: 'string', required: true, maxLength: 20 },
        { name: 'floors', label: 'Jumlah lantai', type: 'integer', required: true, min: 1, max: 8 },
        { name: 'areaM2', label: 'Luas (m2)', type: 'number', min: 0.5 },
        { name: 'basement', label: 'Basemen', type: 'boolean' },
        { name: 'startDate', label: 'Mulai', type: 'date' },
        { name: 'email', label: 'Email', type: 'email', required: true },
        { name: 'kind', label: 'Jenis', type: 'string', enum: ['baru', 'perubahan'] },
        { name: 'kbli', label: 'KBLI', type: 'string', pattern: '^[0-9]{5}$' },
      ],
    },
    fee: { amount: 0, currency: 'IDR', basis: 'Perda' },
    product: 'Surat izin',
    procedure: ['Ajukan', 'Tunggu keputusan'],
    complaintChannel: 'SP4N-LAPOR!',
    processingTime: { workingDays: 10 },
    deficiencyNotices: { max: 1 },
    onBreach: 'escalate',
    states: {
      submitted: { role: 'verifier', sla: { workingDays: 3 } },
      deficient: { clock: 'stopped', applicantResponse: { calendarDays: 30, onTimeout: 'withdrawn' } },
      'technical-review': { role: 'reviewer', sla: { workingDays: 7 } },
      approved: { final: 'approved' },
      rejected: { final: 'rejected' },
      withdrawn: { final: 'withdrawn' },
    },
    transitions: [
      { from: 'submitted', action: 'request-documents', to: 'deficient', roles: ['verifier'], requires: ['comment', 'missingDocuments'] },
      { from: 'deficient', action: 'resubmit', to: 'submitted', roles: ['applicant'] },
      { from: 'submitted', action: 'accept', to: 'technical-review', roles: ['verifier'] },
      { from: 'technical-review', action: 'approve', to: 'approved', roles: ['reviewer'], requires: ['comment'] },
      { from: 'technical-review', action: 'reject', to: 'rejected', roles: ['reviewer'], requires: ['comment'] },
      { from: '*', action: 'withdraw', to: 'withdrawn', roles: ['applicant'] },
    ],
  });
}

/** The valid definition, typed (the specs assert separately that it validates). */
export function validDefinition(patch: (raw: RawDefinition) => void = () => undefined): PermitTypeDefinition {
  const raw = validRaw();
  patch(raw);
  return raw as unknown as PermitTypeDefinition;
}
