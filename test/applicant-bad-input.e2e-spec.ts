import { AppConfig, Env } from '@tenggat/platform';
import { FormField } from '@tenggat/workflow';
import fc from 'fast-check';
import request from 'supertest';
import { registerApplicant, TestUser } from './support/auth';
import { definitionOf, draftComplete, PDF, PNG, submitted, validForm } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Bad input of every kind answers 4xx application/problem+json (with field errors where a field
 * is at fault) and changes nothing; no input at all yields a 5xx.
 */

const PROBLEM = /^application\/problem\+json/;
/** The server-wide upload cap for this run, small so the test stays quick. */
const UPLOAD_CAP = 6 * 1024 * 1024;

interface FieldError {
  field: string;
  message: string;
}

/** The fields a problem blames, each once. */
/** The real configuration with a small server-wide upload cap, so a test upload can exceed it quickly. */
class SmallUploadsConfig extends AppConfig {
  override get<K extends keyof Env>(key: K): Env[K] {
    return key === 'MAX_UPLOAD_BYTES' ? (UPLOAD_CAP as Env[K]) : super.get(key);
  }
}

const fields = (res: request.Response): string[] => [...new Set(((res.body.errors ?? []) as FieldError[]).map((e) => e.field))].sort();

describe('bad input changes nothing and answers 4xx problem+json', () => {
  let t: TestApp;
  let budi: TestUser;
  let draftId: string;

  beforeAll(async () => {
    t = await createTestApp((b) => b.overrideProvider(AppConfig).useClass(SmallUploadsConfig));
    t.clock.set(new Date('2026-08-03T02:00:00.000Z'));
    budi = await registerApplicant(t.http);
    draftId = (await draftComplete(t, budi, 'pbg')).id;
  });
  afterAll(() => t.close());

  /** What the applicant can see of their own records: bad input must leave it exactly as it was. */
  const state = async (): Promise<unknown> => {
    const list = await request(t.http).get('/v1/applications').set(budi.auth).query({ pageSize: 100 }).expect(200);
    const draft = await request(t.http).get(`/v1/applications/${draftId}`).set(budi.auth).expect(200);
    const docs = await request(t.http).get(`/v1/applications/${draftId}/documents`).set(budi.auth).expect(200);
    return { total: list.body.total, version: draft.body.version, form: draft.body.form, docs: docs.body.length };
  };

  const expectProblem = (res: request.Response, status: number): void => {
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status, body: { status } });
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(typeof res.body.type).toBe('string');
    expect(typeof res.body.detail).toBe('string');
  };

  describe('creating and editing drafts', () => {
    it('refuses wrong types and unknown fields with field errors', async () => {
      const before = await state();
      const cases: [unknown, number, string[]][] = [
        [{}, 400, ['permitType']],
        [{ permitType: 42 }, 400, ['permitType']],
        [{ permitType: 'PBG!' }, 400, ['permitType']],
        [{ permitType: 'pbg', form: [] }, 400, ['form']],
        [{ permitType: 'pbg', form: 'floors=3' }, 400, ['form']],
        [{ permitType: 'pbg', applicantId: budi.id }, 400, ['applicantId']],
        [{ permitType: 'pbg', state: 'approved' }, 400, ['state']],
        [{ permitType: 'tidak-ada' }, 422, ['permitType']],
        [{ permitType: 'pbg', form: { floors: 'tiga' } }, 400, ['form.floors']],
        [{ permitType: 'pbg', form: { floors: 2.5 } }, 400, ['form.floors']],
        [{ permitType: 'pbg', form: { floors: 0 } }, 400, ['form.floors']],
        [{ permitType: 'pbg', form: { floors: { $gt: 1 } } }, 400, ['form.floors']],
        [{ permitType: 'pbg', form: { contactEmail: 'bukan email' } }, 400, ['form.contactEmail']],
        [{ permitType: 'pbg', form: { plannedStartDate: '2026-02-30' } }, 400, ['form.plannedStartDate']],
        [{ permitType: 'pbg', form: { buildingFunction: 'kasino' } }, 400, ['form.buildingFunction']],
        [{ permitType: 'pbg', form: { cuisine: 'padang', floors: 2 } }, 400, ['form.cuisine']],
        [{ permitType: 'pbg', form: { buildingName: 'x'.repeat(201) } }, 400, ['form.buildingName']],
        // text Postgres cannot store: a NUL character, half a surrogate pair
        [{ permitType: 'pbg', form: { buildingName: 'Ruko\u0000Blok A' } }, 400, ['form.buildingName']],
        [{ permitType: 'pbg', form: { address: 'Jl. \ud800 Merdeka' } }, 400, ['form.address']],
      ];
      for (const [body, status, expected] of cases) {
        const res = await request(t.http).post('/v1/applications').set(budi.auth).send(body as object);
        expectProblem(res, status);
        expect({ body, fields: fields(res) }).toEqual({ body, fields: expected });
      }
      expect(await state()).toEqual(before);
    });

    it('refuses malformed JSON (400), huge bodies (413) and a body that is not JSON', async () => {
      const before = await state();
      const post = (): request.Test => request(t.http).post('/v1/applications').set(budi.auth);
      expectProblem(await post().set('Content-Type', 'application/json').send('{"permitType": "pbg",'), 400);
      expectProblem(await post().set('Content-Type', 'application/json').send('{"permitType": pbg}'), 400);
      expectProblem(await post().set('Content-Type', 'application/json').send('"pbg"'), 400);
      expectProblem(await post().set('Content-Type', 'application/json').send('null'), 400);
      expectProblem(await post().set('Content-Type', 'application/json').send('[{"permitType":"pbg"}]'), 400);
      const huge = { permitType: 'pbg', form: { address: 'x'.repeat(300 * 1024) } };
      expectProblem(await post().send(huge), 413);
      const hugePatch = await request(t.http).patch(`/v1/applications/${draftId}`).set(budi.auth).send(huge);
      expectProblem(hugePatch, 413);
      expectProblem(await post().set('Content-Type', 'text/plain').send('permitType=pbg'), 400);
      expectProblem(await post().set('Content-Type', 'application/x-www-form-urlencoded').send('permitType=pbg'), 400);
      expect(await state()).toEqual(before);
    });

    it('refuses bad edits: wrong form types, versions that are not versions, unknown fields', async () => {
      const before = await state();
      const patch = (body: unknown, ifMatch?: string): request.Test => {
        const r = request(t.http).patch(`/v1/applications/${draftId}`).set(budi.auth);
        return (ifMatch === undefined ? r : r.set('If-Match', ifMatch)).send(body as object);
      };
      const cases: [unknown, string | undefined, number, string[]][] = [
        [{}, undefined, 400, ['form']],
        [{ form: null }, undefined, 400, ['form']],
        [{ form: { floors: 'tiga' } }, undefined, 400, ['form.floors']],
        [{ form: { landAreaM2: '100' } }, undefined, 400, ['form.landAreaM2']],
        [{ form: { floors: 2 }, state: 'approved' }, undefined, 400, ['state']],
        [{ form: { floors: 2 }, expectedVersion: 'one' }, undefined, 400, ['expectedVersion']],
        [{ form: { floors: 2 }, expectedVersion: 0 }, undefined, 400, ['expectedVersion']],
        [{ form: { floors: 2 }, expectedVersion: 1.5 }, undefined, 400, ['expectedVersion']],
        [{ form: { floors: 2 }, expectedVersion: 1e12 }, undefined, 400, ['expectedVersion']],
        [{ form: { floors: 2 } }, 'abc', 400, ['If-Match']],
        [{ form: { floors: 2 } }, '99999999999', 400, ['If-Match']],
        [{ form: { floors: 2 } }, '-1', 400, ['If-Match']],
        [{ form: { buildingName: 'a\u0000b' } }, undefined, 400, ['form.buildingName']],
      ];
      for (const [body, ifMatch, status, expected] of cases) {
        const res = await patch(body, ifMatch);
        expectProblem(res, status);
        expect({ body, ifMatch, fields: fields(res) }).toEqual({ body, ifMatch, fields: expected });
      }
      expect(await state()).toEqual(before);
    });

    it('refuses ids that are not UUIDs (400) on every case route', async () => {
      const routes: [string, string][] = [
        ['get', '/v1/applications/123'],
        ['patch', '/v1/applications/not-a-uuid'],
        ['post', "/v1/applications/1' OR '1'='1/submit"],
        ['get', '/v1/applications/%00/timeline'],
        ['get', '/v1/applications/xyz/actions'],
        ['post', '/v1/applications/xyz/actions'],
        ['get', '/v1/applications/xyz/documents'],
        ['post', '/v1/applications/xyz/documents'],
        ['get', `/v1/applications/${draftId}/documents/not-a-uuid`],
        ['get', `/v1/applications/${draftId}/documents/${'9'.repeat(36)}`],
      ];
      for (const [method, path] of routes) {
        const res = await (request(t.http) as unknown as Record<string, (p: string) => request.Test>)[method](path).set(budi.auth).send({ form: {} });
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 400 });
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
    });

    it('refuses bad list queries and public lookups without a 5xx', async () => {
      for (const query of [{ page: 0 }, { page: 'x' }, { pageSize: 1000 }, { state: 'a\u0000b' }, { permitType: 'x'.repeat(65) }, { sort: 'id' }]) {
        const res = await request(t.http).get('/v1/applications').set(budi.auth).query(query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expectProblem(await request(t.http).get('/v1/public/track/PBG-2026-000001'), 400);
      expectProblem(await request(t.http).get('/v1/public/track/PBG-2026-000001').query({ code: 'ab' }), 400);
      expectProblem(await request(t.http).get('/v1/public/track/%00').query({ code: 'ABCDEFGHJK' }), 400); // U+0000 in a path: the text rule
      expectProblem(await request(t.http).get(`/v1/public/track/${'P'.repeat(5000)}`).query({ code: 'ABCDEFGHJK' }), 404);
      // a path that does not decode is refused before any lookup
      expectProblem(await request(t.http).get('/v1/public/track/%ED%A0%80').query({ code: 'ABCDEFGHJK' }), 400);
    });
  });

  describe('uploads', () => {
    const upload = (id: string, requirement: string | undefined, file?: { buf: Buffer; name: string; type: string }, field = 'file'): request.Test => {
      let r = request(t.http).post(`/v1/applications/${id}/documents`).set(budi.auth);
      if (requirement !== undefined) r = r.field('requirement', requirement);
      if (file) r = r.attach(field, file.buf, { filename: file.name, contentType: file.type });
      return r;
    };

    it('checks the real type, the size, the requirement and the file itself', async () => {
      const before = await state();
      // a PNG where only PDF is allowed, declared honestly and disguised as a PDF
      const png = await upload(draftId, 'land-rights', { buf: PNG, name: 'sertifikat.png', type: 'image/png' });
      expectProblem(png, 422);
      expect(png.body.code).toBe('unsupported-media-type');
      expect(fields(png)).toEqual(['file']);
      const disguised = await upload(draftId, 'land-rights', { buf: PNG, name: 'sertifikat.pdf', type: 'application/pdf' });
      expectProblem(disguised, 422);
      expect(disguised.body.detail).toContain('image/png');
      // a text file renamed .pdf: the sniffed content decides, not the name or the declared type
      const text = await upload(draftId, 'land-rights', { buf: Buffer.from('Sertifikat hak milik no. 123\n'), name: 'sertifikat.pdf', type: 'application/pdf' });
      expectProblem(text, 422);
      expect(text.body.detail).toContain('text/plain');
      // binary junk renamed .pdf
      const junk = await upload(draftId, 'land-rights', { buf: Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]), name: 'x.pdf', type: 'application/pdf' });
      expectProblem(junk, 422);
      // a real PDF declared as something the requirement does not take
      expectProblem(await upload(draftId, 'land-rights', { buf: PDF, name: 'x.pdf', type: 'text/html' }), 422);
      // larger than the requirement allows (applicant-identity: 5 MiB), smaller than the server cap
      const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024 + 1 - PDF.length, 0x20)]);
      const tooBig = await upload(draftId, 'applicant-identity', { buf: big, name: 'ktp.pdf', type: 'application/pdf' });
      expectProblem(tooBig, 422);
      expect(tooBig.body.code).toBe('file-too-large');
      expect(fields(tooBig)).toEqual(['file']);
      // larger than the server takes at all
      const huge = Buffer.concat([PDF, Buffer.alloc(UPLOAD_CAP + 1024, 0x20)]);
      expectProblem(await upload(draftId, 'land-rights', { buf: huge, name: 'big.pdf', type: 'application/pdf' }), 413);
      // no file, an empty file, the wrong field, two files
      const missing = await upload(draftId, 'land-rights');
      expectProblem(missing, 400);
      expect(fields(missing)).toEqual(['file']);
      expectProblem(await upload(draftId, 'land-rights', { buf: Buffer.alloc(0), name: 'empty.pdf', type: 'application/pdf' }), 400);
      expectProblem(await upload(draftId, 'land-rights', { buf: PDF, name: 'x.pdf', type: 'application/pdf' }, 'document'), 400);
      const two = await request(t.http)
        .post(`/v1/applications/${draftId}/documents`)
        .set(budi.auth)
        .field('requirement', 'land-rights')
        .attach('file', PDF, { filename: 'a.pdf', contentType: 'application/pdf' })
        .attach('file', PDF, { filename: 'b.pdf', contentType: 'application/pdf' });
      expect(two.status).toBeGreaterThanOrEqual(400);
      expect(two.status).toBeLessThan(500);
      // the requirement: missing, malformed, unknown, an extra field
      const noReq = await upload(draftId, undefined, { buf: PDF, name: 'x.pdf', type: 'application/pdf' });
      expectProblem(noReq, 400);
      expect(fields(noReq)).toEqual(['requirement']);
      expectProblem(await upload(draftId, 'Land Rights!', { buf: PDF, name: 'x.pdf', type: 'application/pdf' }), 400);
      const unknown = await upload(draftId, 'ijazah', { buf: PDF, name: 'x.pdf', type: 'application/pdf' });
      expectProblem(unknown, 422);
      expect(fields(unknown)).toEqual(['requirement']);
      const extra = await request(t.http)
        .post(`/v1/applications/${draftId}/documents`)
        .set(budi.auth)
        .field('requirement', 'land-rights')
        .field('sha256', 'f'.repeat(64))
        .attach('file', PDF, { filename: 'x.pdf', contentType: 'application/pdf' });
      expectProblem(extra, 400);
      // a JSON body instead of multipart
      expectProblem(await request(t.http).post(`/v1/applications/${draftId}/documents`).set(budi.auth).send({ requirement: 'land-rights', file: 'JVBERi0=' }), 400);
      expect(await state()).toEqual(before);
    });

    it('keeps a file name that is hostile to headers and databases harmless', async () => {
      // a raw NUL in a part header is malformed multipart (400); percent-encoded (RFC 5987) it arrives
      const raw = await upload(draftId, 'site-plan', { buf: PDF, name: 'a\u0000b.pdf', type: 'application/pdf' });
      expectProblem(raw, 400);
      const boundary = 'tenggat-boundary-7d3f';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="requirement"\r\n\r\nsite-plan\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''a%00b%07%22%0D%0A%3Cscript%3E%E2%80%AE.pdf\r\nContent-Type: application/pdf\r\n\r\n`),
        PDF,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await request(t.http)
        .post(`/v1/applications/${draftId}/documents`)
        .set(budi.auth)
        .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
        .send(body);
      expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201, body: { requirement: 'site-plan' } });
      const codes = [...String(res.body.fileName)].map((c) => c.charCodeAt(0));
      expect(codes.filter((c) => c < 0x20 || c === 0x7f || c === 0x202e || c === 0x22)).toEqual([]);
      expect(res.body.fileName).toMatch(/\.pdf$/);
      const dl = await request(t.http).get(`/v1/applications/${draftId}/documents/${res.body.id}`).set(budi.auth).expect(200);
      // RFC 6266: an ASCII filename plus the exact (cleaned) UTF-8 name, percent-encoded
      expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+"; filename\*=UTF-8''[\w.%!~-]+$/);
      expect(dl.headers['x-content-type-options']).toBe('nosniff');
      // a UTF-8 name sent as is (as curl does) is read as UTF-8, not Latin-1
      const utf8 = await upload(draftId, 'site-plan', { buf: PDF, name: 'gambar-situasi-ñ-🏢.pdf', type: 'application/pdf' }).expect(201);
      expect(utf8.body.fileName).toBe('gambar-situasi-ñ-🏢.pdf');
    });

    it('refuses uploads to a submitted case that is not waiting for documents (409)', async () => {
      const { id } = await submitted(t, budi, 'reklame');
      const before = await request(t.http).get(`/v1/applications/${id}/documents`).set(budi.auth).expect(200);
      const res = await upload(id, 'design', { buf: PDF, name: 'x.pdf', type: 'application/pdf' });
      expectProblem(res, 409);
      expect(res.body.code).toBe('documents-locked');
      expect((await request(t.http).get(`/v1/applications/${id}/documents`).set(budi.auth).expect(200)).body).toEqual(before.body);
      // an action whose comment Postgres cannot store is refused before it is taken
      const version = (await request(t.http).get(`/v1/applications/${id}`).set(budi.auth).expect(200)).body.version as number;
      const nul = await request(t.http).post(`/v1/applications/${id}/actions`).set(budi.auth).send({ action: 'withdraw', comment: 'pindah\u0000lokasi', expectedVersion: version });
      expectProblem(nul, 400);
      expect(fields(nul)).toEqual(['comment']);
      expectProblem(await request(t.http).post(`/v1/applications/${id}/actions`).set(budi.auth).set('If-Match', 'v1').send({ action: 'withdraw' }), 400);
      expect((await request(t.http).get(`/v1/applications/${id}`).set(budi.auth).expect(200)).body).toMatchObject({ version, status: 'open' });
    });
  });

  describe('random JSON never yields a 5xx (property)', () => {
    const def = (): Promise<Awaited<ReturnType<typeof definitionOf>>> => definitionOf(t, 'pbg');
    /** Strings of any code units, NUL and half surrogate pairs included. */
    const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('\u0000', '\ud800', 'a\udfffb', '__proto__', 'constructor'));
    const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        anyString,
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(anyString, tie('value'), { maxKeys: 4 }),
      ),
    })).value;

    it('POST /v1/applications and PATCH /v1/applications/{id}', async () => {
      // forms built from the declared fields, each with a plausible value, text of any code units
      // (NUL and half surrogate pairs included, which JSON carries and Postgres refuses) or any JSON
      const plausible = (f: FormField): fc.Arbitrary<unknown> => {
        if (f.enum) return fc.constantFrom(...f.enum);
        switch (f.type) {
          case 'integer':
            return fc.integer({ min: f.min ?? 0, max: f.max ?? 10_000 });
          case 'number':
            return fc.double({ min: f.min ?? 0, max: f.max ?? 1e6, noNaN: true });
          case 'boolean':
            return fc.boolean();
          case 'date':
            return fc.constantFrom('2026-12-01', '2027-02-28');
          case 'email':
            return fc.constantFrom('a@usaha.test', 'kontak@contoh.go.id');
          case 'string':
            return fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('Ruko\u0000Blok A', 'Jl. \udc00', 'Gedung \ud83c\udfe2'));
        }
      };
      const declared = (await def()).form.fields;
      const form = fc
        .tuple(
          fc.record(
            Object.fromEntries(declared.map((f) => [f.name, fc.oneof({ weight: 10, arbitrary: plausible(f) }, { weight: 1, arbitrary: anyString }, { weight: 1, arbitrary: anyJson })])),
            { requiredKeys: [] },
          ),
          fc.dictionary(anyString, anyJson, { maxKeys: 1 }),
          fc.boolean(),
        )
        .map(([known, unknown, both]) => (both ? { ...unknown, ...known } : known));
      const body = fc.oneof(
        { weight: 1, arbitrary: anyJson },
        {
          weight: 3,
          arbitrary: fc.record(
            { permitType: fc.oneof({ weight: 4, arbitrary: fc.constant('pbg') }, { weight: 1, arbitrary: anyString }), form: fc.oneof({ weight: 4, arbitrary: form }, { weight: 1, arbitrary: anyJson }) },
            { requiredKeys: ['permitType'] },
          ),
        },
        {
          weight: 3,
          arbitrary: fc.record({ form: fc.oneof({ weight: 4, arbitrary: form }, { weight: 1, arbitrary: anyJson }), expectedVersion: fc.oneof(fc.integer(), anyJson) }, { requiredKeys: ['form'] }),
        },
      );
      const raw = fc.oneof(anyString, fc.json());
      const seen = new Set<number>();
      await fc.assert(
        fc.asyncProperty(body, raw, fc.nat(4), async (b, text, rawChance) => {
          const sendRaw = rawChance === 0;
          const before = (await request(t.http).get(`/v1/applications/${draftId}`).set(budi.auth).expect(200)).body.version as number;
          const payload = sendRaw ? text : JSON.stringify(b);
          const created = await request(t.http).post('/v1/applications').set(budi.auth).set('Content-Type', 'application/json').send(payload);
          const patched = await request(t.http).patch(`/v1/applications/${draftId}`).set(budi.auth).set('Content-Type', 'application/json').send(payload);
          for (const res of [created, patched]) {
            seen.add(res.status);
            expect(res.status).toBeLessThan(500);
            if (res.status >= 400) expect(res.headers['content-type']).toMatch(PROBLEM);
          }
          const after = (await request(t.http).get(`/v1/applications/${draftId}`).set(budi.auth).expect(200)).body.version as number;
          expect(after).toBe(patched.status === 200 ? before + 1 : before);
        }),
        { numRuns: 60 },
      );
      // the generator reaches both refusals and storage
      expect([...seen].some((s) => s >= 400)).toBe(true);
      expect([...seen].some((s) => s < 300)).toBe(true);
    });

    it('valid drafts stay valid: a random subset of a valid form is accepted as a draft', async () => {
      const full = validForm(await def());
      await fc.assert(
        fc.asyncProperty(fc.subarray(Object.keys(full)), async (keys) => {
          const form = Object.fromEntries(keys.map((k) => [k, full[k]]));
          const res = await request(t.http).post('/v1/applications').set(budi.auth).send({ permitType: 'pbg', form });
          expect(res.status).toBe(201);
          expect(res.body.form).toEqual(form);
        }),
        { numRuns: 15 },
      );
    });
  });
});
