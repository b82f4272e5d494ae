import { CatalogueService } from '@tenggat/catalogue';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app';

const SHIPPED = ['pbg', 'reklame', 'sertifikat-standar', 'siup-perikanan', 'ukl-upl'];

describe('permit types (public catalogue)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists the shipped permit types without a login, paginated', async () => {
    const res = await request(t.http).get('/v1/permit-types').expect(200);
    expect(res.body.items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(SHIPPED));
    expect(res.body.total).toBeGreaterThanOrEqual(4);
    const page = await request(t.http).get('/v1/permit-types?page=2&pageSize=2').expect(200);
    expect(page.body).toMatchObject({ page: 2, pageSize: 2 });
    expect(page.body.items).toHaveLength(2);
    await request(t.http).get('/v1/permit-types?pageSize=1000').expect(400);
  });

  it('answers the list with an ETag, and 304 without a body when it has not changed', async () => {
    const first = await request(t.http).get('/v1/permit-types').expect(200);
    expect(first.headers.etag).toEqual(expect.any(String));
    const again = await request(t.http).get('/v1/permit-types').set('If-None-Match', first.headers.etag).expect(304);
    expect(again.text ?? '').toBe('');
  });

  it('serves the service standard of a permit type', async () => {
    const res = await request(t.http).get('/v1/permit-types/sertifikat-standar').expect(200);
    expect(res.body).toMatchObject({
      code: 'sertifikat-standar',
      onBreach: 'deemed-approval',
      silenceMeansApproval: true,
      version: expect.any(Number),
      initialState: 'verification',
    });
    for (const key of ['legalBasis', 'requirements', 'procedure', 'fee', 'product', 'complaintChannel', 'processingTime', 'states', 'transitions']) {
      expect(res.body).toHaveProperty(key);
    }
  });

  it('answers 404 problem+json for an unknown permit type', async () => {
    const res = await request(t.http).get('/v1/permit-types/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.code).toBe('permit-type-not-found');
  });

  it('renders the workflow as a Mermaid state diagram', async () => {
    const res = await request(t.http).get('/v1/permit-types/pbg/diagram').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/vnd\.mermaid/);
    expect(res.text).toMatch(/^stateDiagram-v2/);
    expect(res.text).toContain('[*] -->');
  });

  it('publishes a new immutable version only when the content changes', async () => {
    const catalogue = t.app.get(CatalogueService);
    const text = readFileSync('config/permit-types/reklame.yaml', 'utf8');
    const before = await request(t.http).get('/v1/permit-types/reklame/versions').expect(200);
    const same = await catalogue.publish(`# a comment changes nothing\n${text}`, { source: 'test' });
    expect(same).toMatchObject({ ok: true, published: false });
    const changed = await catalogue.publish(text.replace(/^name: (.*)$/m, 'name: $1 (revisi)'), { source: 'test' });
    expect(changed).toMatchObject({ ok: true, published: true, version: before.body.length + 1 });
    const after = await request(t.http).get('/v1/permit-types/reklame/versions').expect(200);
    expect(after.body).toHaveLength(before.body.length + 1);
    // the list is served from memory, and shows a version published by this process at once
    const listed = await request(t.http).get('/v1/permit-types?pageSize=100').expect(200);
    expect(listed.body.items.find((i: { code: string }) => i.code === 'reklame')).toMatchObject({ version: before.body.length + 1, name: expect.stringMatching(/revisi/) });
    expect(after.body[0]).toMatchObject({ version: before.body.length + 1, current: true, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // the old version stays readable and unchanged
    const old = await catalogue.version('reklame', 1);
    expect(old.definition.name).not.toMatch(/revisi/);
    const events = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'permit-type.published' AND entity_id = 'reklame'`);
    expect(events[0].n).toBe(after.body.length);
  });

  it('refuses an invalid definition with every fault', async () => {
    const broken = readFileSync('libs/workflow/test-fixtures/broken.yaml', 'utf8');
    const r = await t.app.get(CatalogueService).publish(broken, { source: 'test' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.faults.length).toBeGreaterThan(3);
  });

  it('lists every public endpoint in the OpenAPI document', async () => {
    const res = await request(t.http).get('/docs/openapi.json').expect(200);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/v1/permit-types',
      '/v1/permit-types/{code}',
      '/v1/permit-types/{code}/versions',
      '/v1/permit-types/{code}/diagram',
      '/v1/calendars',
      '/v1/calendars/{id}',
      '/v1/calendars/{id}/deadline',
    ]) {
      expect(paths).toContain(p);
    }
  });
});

describe('calendars (public)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists calendars with their zone and official years', async () => {
    const res = await request(t.http).get('/v1/calendars').expect(200);
    const national = res.body.find((c: { id: string }) => c.id === 'id-national');
    expect(national).toMatchObject({ timeZone: 'Asia/Jakarta', weekend: [6, 7], officialYears: expect.arrayContaining([2025, 2026]) });
    expect(res.body.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['kota-contoh', 'sulsel', 'id-national-wit']));
  });

  it('shows the non-working days of each year, collective leave included', async () => {
    const res = await request(t.http).get('/v1/calendars/id-national').expect(200);
    const y2026 = res.body.years.find((y: { year: number }) => y.year === 2026);
    expect(y2026.official).toBe(true);
    const days = new Map(y2026.nonWorkingDays.map((d: { date: string; kind: string }) => [d.date, d.kind]));
    expect(days.get('2026-03-21')).toBe('holiday');
    expect(days.get('2026-03-23')).toBe('collective-leave');
    expect(days.get('2026-12-24')).toBe('collective-leave');
  });

  it.each([
    // Tue 17 Mar 2026 10:00 WIB + 1 working day: 18-24 Mar are Nyepi, Idul Fitri and cuti bersama
    ['id-national', '2026-03-17T03:00:00Z', 1, '2026-03-25', false],
    // Fri 13 Feb + 1: Mon 16 (cuti bersama Imlek) and Tue 17 (Imlek) are off
    ['id-national', '2026-02-13T03:00:00Z', 1, '2026-02-18', false],
    // 23 Dec 2026 + 3: 24 (cuti bersama), 25 (Natal), weekend 26-27 -> 28, 29, 30
    ['id-national', '2026-12-23T03:00:00Z', 3, '2026-12-30', false],
    // into 2027, which has no official list yet: date-holidays computes Jan 1 and an Islamic
    // holiday on Jan 5, so the answer is provisional
    ['id-national', '2026-12-30T03:00:00Z', 5, '2027-01-08', true],
    // 17:30Z on 17 Mar is already 18 Mar in Makassar; the start day never counts
    ['sulsel', '2026-03-17T17:30:00Z', 1, '2026-03-25', false],
  ])('deadline on %s from %s + %i working days is the end of %s', async (id, start, n, date, provisional) => {
    const res = await request(t.http).get(`/v1/calendars/${id}/deadline`).query({ start, workingDays: n }).expect(200);
    expect(res.body.deadlineLocalDate).toBe(date);
    expect(res.body.provisional).toBe(provisional);
  });

  it('refuses bad calculator input with field errors and unknown calendars with 404', async () => {
    const bad = await request(t.http).get('/v1/calendars/id-national/deadline').query({ start: 'yesterday', workingDays: -1 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['start', 'workingDays']));
    await request(t.http).get('/v1/calendars/mars/deadline').query({ start: '2026-01-05T00:00:00Z', workingDays: 1 }).expect(404);
  });
});
