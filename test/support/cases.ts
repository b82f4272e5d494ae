import { PermitTypeDefinition } from '@tenggat/workflow';
import { CatalogueService } from '@tenggat/catalogue';
import request from 'supertest';
import type { TestApp } from './test-app';
import type { TestUser } from './auth';

/** A minimal valid PDF (the real-type check sniffs the %PDF- header). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
/** A 1x1 PNG. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/** Valid form data for each shipped permit type, built from its declared fields. */
export function validForm(def: PermitTypeDefinition): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  for (const f of def.form.fields) {
    if (!f.required) continue;
    if (f.enum) form[f.name] = f.enum[0];
    else if (f.type === 'boolean') form[f.name] = false;
    else if (f.type === 'integer' || f.type === 'number') form[f.name] = Math.max(f.min ?? 1, 1);
    else if (f.type === 'date') form[f.name] = '2026-12-01';
    else if (f.type === 'email') form[f.name] = 'kontak@usaha.test';
    else if (f.pattern) form[f.name] = sampleFor(f.pattern);
    else form[f.name] = 'Contoh';
  }
  return form;
}

function sampleFor(pattern: string): string {
  const m = /^\^\[0-9\]\{(\d+)\}\$$/.exec(pattern);
  if (m) return '1'.repeat(Number(m[1]));
  throw new Error(`add a sample for pattern ${pattern}`);
}

export async function definitionOf(t: TestApp, code: string): Promise<PermitTypeDefinition> {
  return (await t.app.get(CatalogueService).current(code)).definition;
}

/** Drafts an application, uploads every required document, and optionally submits it. */
export async function draftComplete(t: TestApp, applicant: TestUser, code: string): Promise<{ id: string; def: PermitTypeDefinition }> {
  const def = await definitionOf(t, code);
  const created = await request(t.http).post('/v1/applications').set(applicant.auth).send({ permitType: code, form: validForm(def) });
  if (created.status !== 201) throw new Error(`draft answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = (created.body as { id: string }).id;
  for (const r of def.requirements.filter((x) => !x.optional)) {
    const pdf = r.mediaTypes.includes('application/pdf');
    const res = await request(t.http)
      .post(`/v1/applications/${id}/documents`)
      .set(applicant.auth)
      .field('requirement', r.code)
      .attach('file', pdf ? PDF : PNG, { filename: pdf ? `${r.code}.pdf` : `${r.code}.png`, contentType: pdf ? 'application/pdf' : 'image/png' });
    if (res.status !== 201) throw new Error(`upload ${r.code} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return { id, def };
}

export async function submitted(t: TestApp, applicant: TestUser, code: string): Promise<{ id: string; def: PermitTypeDefinition; receipt: Record<string, unknown> }> {
  const { id, def } = await draftComplete(t, applicant, code);
  const res = await request(t.http).post(`/v1/applications/${id}/submit`).set(applicant.auth);
  if (res.status !== 201) throw new Error(`submit answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id, def, receipt: res.body as Record<string, unknown> };
}

/** Uploads one document for a requirement of the case (a PDF, or a PNG where PDFs are not taken). */
export async function upload(t: TestApp, applicant: TestUser, id: string, requirement: { code: string; mediaTypes: readonly string[] }): Promise<request.Response> {
  const pdf = requirement.mediaTypes.includes('application/pdf');
  return request(t.http)
    .post(`/v1/applications/${id}/documents`)
    .set(applicant.auth)
    .field('requirement', requirement.code)
    .attach('file', pdf ? PDF : PNG, { filename: pdf ? `${requirement.code}-2.pdf` : `${requirement.code}-2.png`, contentType: pdf ? 'application/pdf' : 'image/png' });
}

/**
 * Answers the open deficiency notice as an applicant must before resubmitting: uploads anew each
 * document it named and not yet replaced (`deficiencyNotices.toReplace`). Answers the codes uploaded.
 */
export async function replaceNoticed(t: TestApp, applicant: TestUser, id: string): Promise<string[]> {
  const view = (await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth)).body as { permitType: { code: string }; deficiencyNotices?: { toReplace?: string[] } };
  const codes = view.deficiencyNotices?.toReplace ?? [];
  if (codes.length === 0) return [];
  const pt = (await request(t.http).get(`/v1/permit-types/${view.permitType.code}`)).body as { requirements: { code: string; mediaTypes: string[] }[] };
  for (const code of codes) {
    const req = pt.requirements.find((r) => r.code === code) ?? { code, mediaTypes: ['application/pdf'] };
    const res = await upload(t, applicant, id, req);
    if (res.status !== 201) throw new Error(`replacing ${code} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return codes;
}

/**
 * POST an action with the case's current version. An applicant's `resubmit` first uploads anew
 * what the deficiency notice asked for, as the rule requires (POST directly to test its refusal).
 */
export async function act(t: TestApp, user: TestUser, id: string, body: Record<string, unknown>): Promise<request.Response> {
  // only the applicant can upload: anyone else's resubmit is sent as is (to be refused for its role)
  if (body.action === 'resubmit' && user.roles.includes('applicant')) await replaceNoticed(t, user, id);
  const current = await request(t.http).get(`/v1/applications/${id}`).set(user.auth);
  const version = (current.body as { version: number }).version;
  return request(t.http).post(`/v1/applications/${id}/actions`).set(user.auth).set('If-Match', String(version)).send(body);
}
