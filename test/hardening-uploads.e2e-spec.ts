import { AppConfig, Env } from '@tenggat/platform';
import { readdir } from 'node:fs/promises';
import { ClientRequest, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { registerApplicant, TestUser } from './support/auth';
import { PDF, submitted } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 10, uploads and downloads: the case is checked before the body is read, files stream to
 * disk (never held in memory), uploads per user are capped, quotas keep history bounded, and a
 * download's name takes its extension from the real type, never from the uploader.
 */

const MiB = 1024 * 1024;

/** The real configuration, with values a test may change for a while. */
class TunableConfig extends AppConfig {
  static overrides: Partial<Env> = {};
  override get<K extends keyof Env>(key: K): Env[K] {
    return key in TunableConfig.overrides ? (TunableConfig.overrides[key] as Env[K]) : super.get(key);
  }
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** Milliseconds from the start of the request to the response headers. */
  ms: number;
}

interface StreamedUpload {
  response: Promise<RawResponse>;
  req: ClientRequest;
  /** File bytes written so far. */
  sent(): number;
}

/**
 * A multipart upload written from one reused 64 KiB chunk, so the client holds almost nothing
 * in memory (the test runs the server in this process and measures its memory). It stops
 * writing when the response arrives; with `stallAfter` it stops after that many file bytes and
 * keeps the request open, like a slow client.
 */
function streamUpload(port: number, opts: { token: string; caseId: string; requirement: string; size: number; fileName?: string; stallAfter?: number }): StreamedUpload {
  const boundary = `hardening-${Math.random().toString(16).slice(2)}`;
  const preamble = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="requirement"\r\n\r\n${opts.requirement}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.fileName ?? 'gambar.pdf'}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  PDF.copy(chunk); // starts like a PDF; the rest is spaces
  const started = Date.now();
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: `/v1/applications/${opts.caseId}/documents`,
    agent: false,
    headers: {
      authorization: `Bearer ${opts.token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(preamble.length + opts.size + epilogue.length),
    },
  });
  let sent = 0;
  let answered = false;
  const response = new Promise<RawResponse>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      const ms = Date.now() - started;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, ms });
        req.destroy();
      });
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
  });
  response.catch(() => undefined); // a request the test drops on purpose fails unobserved
  const limit = Math.min(opts.size, opts.stallAfter ?? opts.size);
  const pump = (): void => {
    while (!answered && !req.destroyed && sent < limit) {
      const n = Math.min(chunk.length, limit - sent);
      sent += n;
      if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        req.once('drain', pump);
        return;
      }
    }
    if (!answered && !req.destroyed && sent >= opts.size) req.end(epilogue);
  };
  req.write(preamble);
  pump();
  return { response, req, sent: () => sent };
}

const tempDir = (): string => join(process.env.STORAGE_DIR as string, 'tmp');

async function tempFiles(): Promise<string[]> {
  return readdir(tempDir()).catch(() => []);
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const expectProblem = (res: { status: number; headers: IncomingHttpHeaders; body: unknown }, status: number, code?: string): void => {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status, ...(code ? { code } : {}) } });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(typeof (res.body as { detail?: unknown }).detail).toBe('string');
};

describe('hardening: uploads and downloads', () => {
  let t: TestApp;
  let port: number;
  let budi: TestUser;
  let siti: TestUser;

  const draft = async (user: TestUser, permitType = 'pbg'): Promise<string> =>
    (await request(t.http).post('/v1/applications').set(user.auth).send({ permitType, form: {} }).expect(201)).body.id as string;

  const upload = (user: TestUser, id: string, requirement: string, buf: Buffer, name = 'x.pdf', type = 'application/pdf'): request.Test =>
    request(t.http).post(`/v1/applications/${id}/documents`).set(user.auth).field('requirement', requirement).attach('file', buf, { filename: name, contentType: type });

  const documents = async (user: TestUser, id: string): Promise<Record<string, unknown>[]> =>
    (await request(t.http).get(`/v1/applications/${id}/documents`).set(user.auth).expect(200)).body as Record<string, unknown>[];

  beforeAll(async () => {
    t = await createTestApp((b) => b.overrideProvider(AppConfig).useClass(TunableConfig));
    t.clock.set(new Date('2026-08-03T02:00:00.000Z'));
    await t.app.listen(0, '127.0.0.1');
    port = (t.http.address() as AddressInfo).port;
    budi = await registerApplicant(t.http);
    siti = await registerApplicant(t.http);
  });
  afterAll(() => t.close());
  afterEach(() => {
    TunableConfig.overrides = {};
  });

  describe('the case is checked before the body is read', () => {
    it('answers eight parallel 45 MiB uploads to a case that does not exist with 404, quickly and without holding them in memory', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 10);
      try {
        const uploads = Array.from({ length: 8 }, () => streamUpload(port, { token: budi.token, caseId: missing, requirement: 'architectural-drawings', size: 45 * MiB }));
        const answers = await Promise.all(uploads.map((u) => u.response));
        peak = Math.max(peak, process.memoryUsage().rss);
        for (const a of answers) {
          expectProblem(a, 404, 'application-not-found');
          expect(a.ms).toBeLessThan(5000);
        }
      } finally {
        clearInterval(sampler);
      }
      // the old server buffered every body before looking at the case: 8 x 45 MiB
      expect((peak - before) / MiB).toBeLessThan(100);
      expect(await tempFiles()).toEqual([]);
    });

    it("answers an upload to someone else's case with 404 before the body has been sent", async () => {
      const sitisCase = await draft(siti);
      // the client sends the headers and 64 KiB of a 45 MiB file, then waits: only an answer given
      // without reading the body can arrive
      const u = streamUpload(port, { token: budi.token, caseId: sitisCase, requirement: 'architectural-drawings', size: 45 * MiB, stallAfter: 64 * 1024 });
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer: the server is waiting for the body')), 5000));
      const answer = await Promise.race([u.response, timeout]);
      expectProblem(answer, 404, 'application-not-found');
      expect(u.sent()).toBeLessThanOrEqual(64 * 1024);
      u.req.destroy();
      expect(await documents(siti, sitisCase)).toEqual([]);
      expect(await tempFiles()).toEqual([]);
    });

    it('refuses a case that takes no documents now (409) before the body has been sent', async () => {
      const { id } = await submitted(t, budi, 'reklame');
      const u = streamUpload(port, { token: budi.token, caseId: id, requirement: 'design', size: 45 * MiB, stallAfter: 64 * 1024 });
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer: the server is waiting for the body')), 5000));
      expectProblem(await Promise.race([u.response, timeout]), 409, 'documents-locked');
      u.req.destroy();
    });

    it('deletes the partial file of an upload the client drops', async () => {
      const id = await draft(budi);
      const held = streamUpload(port, { token: budi.token, caseId: id, requirement: 'architectural-drawings', size: 45 * MiB, stallAfter: 64 * 1024 });
      await until(async () => (await tempFiles()).length === 1, 'the upload to start streaming');
      held.req.destroy();
      await until(async () => (await tempFiles()).length === 0, 'the partial file to be deleted');
      expect(await documents(budi, id)).toEqual([]);
    });
  });

  describe('uploads stream to disk', () => {
    it('stops a file over the server cap with 413 problem+json, without holding it in memory, and leaves nothing behind', async () => {
      const id = await draft(budi);
      const before = process.memoryUsage().rss;
      const u = streamUpload(port, { token: budi.token, caseId: id, requirement: 'architectural-drawings', size: 51 * MiB });
      const answer = await u.response;
      expectProblem(answer, 413, 'payload-too-large');
      expect(String(answer.body.detail)).toContain(String(50 * MiB));
      expect((process.memoryUsage().rss - before) / MiB).toBeLessThan(100);
      expect(await documents(budi, id)).toEqual([]);
      await until(async () => (await tempFiles()).length === 0, 'the partial file to be deleted');
    });

    it("stops a file over the requirement's limit with 422 as soon as it passes it", async () => {
      const id = await draft(budi);
      // applicant-identity takes 5 MiB; the client offers 45 MiB
      const u = streamUpload(port, { token: budi.token, caseId: id, requirement: 'applicant-identity', size: 45 * MiB });
      const answer = await u.response;
      expectProblem(answer, 422, 'file-too-large');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
      expect(await documents(budi, id)).toEqual([]);
      await until(async () => (await tempFiles()).length === 0, 'the partial file to be deleted');
    });

    it('stores a large file streamed in, hashed as it arrived', async () => {
      const id = await draft(budi);
      const u = streamUpload(port, { token: budi.token, caseId: id, requirement: 'architectural-drawings', size: 20 * MiB });
      const answer = await u.response;
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ requirement: 'architectural-drawings', mediaType: 'application/pdf', sizeBytes: 20 * MiB, fileName: 'gambar.pdf' });
      expect(answer.body.sha256).toMatch(/^[0-9a-f]{64}$/);
      const dl = await request(t.http).get(`/v1/applications/${id}/documents/${String(answer.body.id)}`).set(budi.auth).buffer(true).expect(200);
      expect(Number(dl.headers['content-length'])).toBe(20 * MiB);
      expect(await tempFiles()).toEqual([]);
    });
  });

  describe('concurrent uploads per user', () => {
    it('lets a user run two uploads at once; the third gets 429 problem+json with Retry-After until one ends', async () => {
      const id = await draft(budi);
      const first = streamUpload(port, { token: budi.token, caseId: id, requirement: 'architectural-drawings', size: 45 * MiB, stallAfter: 64 * 1024 });
      const second = streamUpload(port, { token: budi.token, caseId: id, requirement: 'structural-design', size: 45 * MiB, stallAfter: 64 * 1024 });
      await until(async () => (await tempFiles()).length === 2, 'both uploads to be streaming');

      const third = await upload(budi, id, 'site-plan', PDF);
      expectProblem(third, 429, 'too-many-uploads');
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      // another user is not held up by budi's uploads
      const sitisCase = await draft(siti);
      await upload(siti, sitisCase, 'site-plan', PDF).expect(201);

      // one ends (here: the client gives up): its slot and its partial file are freed
      first.req.destroy();
      await until(async () => (await upload(budi, id, 'site-plan', PDF)).status === 201, 'a slot to be free again');
      second.req.destroy();
      await until(async () => (await tempFiles()).length === 0, 'the partial files to be deleted');
      const docs = await documents(budi, id);
      expect(docs.map((d) => d.requirement)).toEqual(['site-plan']);
    });
  });

  describe('download names', () => {
    it('takes the extension from the real type: a PDF uploaded as surat-izin.html downloads as surat-izin.pdf', async () => {
      const id = await draft(budi);
      const res = await upload(budi, id, 'site-plan', PDF, 'surat-izin.html').expect(201);
      expect(res.body.fileName).toBe('surat-izin.pdf');
      const dl = await request(t.http).get(`/v1/applications/${id}/documents/${String(res.body.id)}`).set(budi.auth).expect(200);
      expect(dl.headers['content-type']).toMatch(/^application\/pdf/);
      expect(dl.headers['content-disposition']).toBe(`attachment; filename="surat-izin.pdf"; filename*=UTF-8''surat-izin.pdf`);
      expect(dl.headers['x-content-type-options']).toBe('nosniff');
    });

    it('strips bidi and control characters: invoice\\u202efdp.exe gets no override character and ends in .pdf', async () => {
      const id = await draft(budi);
      const res = await upload(budi, id, 'site-plan', PDF, 'invoice\u202efdp.exe').expect(201);
      expect(res.body.fileName).toBe('invoicefdp.pdf');
      const dl = await request(t.http).get(`/v1/applications/${id}/documents/${String(res.body.id)}`).set(budi.auth).expect(200);
      const disposition = String(dl.headers['content-disposition']);
      expect(disposition).toBe(`attachment; filename="invoicefdp.pdf"; filename*=UTF-8''invoicefdp.pdf`);
      expect(disposition).not.toMatch(/%E2%80%AE|\u202e/i);
      const listed = await documents(budi, id);
      expect(listed.map((d) => d.fileName)).toEqual(['invoicefdp.pdf']);
    });

    it('keeps a UTF-8 name exactly in filename* and gives old clients an ASCII one', async () => {
      const id = await draft(budi);
      const res = await upload(budi, id, 'site-plan', PDF, 'gambar situasi ñ.exe').expect(201);
      expect(res.body.fileName).toBe('gambar situasi ñ.pdf');
      const dl = await request(t.http).get(`/v1/applications/${id}/documents/${String(res.body.id)}`).set(budi.auth).expect(200);
      expect(dl.headers['content-disposition']).toBe(`attachment; filename="gambar_situasi_n.pdf"; filename*=UTF-8''gambar%20situasi%20%C3%B1.pdf`);
    });
  });

  describe('quotas: history is kept, within bounds', () => {
    it('keeps five versions of a requirement and refuses the sixth with 422, the history still listed', async () => {
      const id = await draft(budi);
      for (let i = 1; i <= 5; i++) await upload(budi, id, 'site-plan', Buffer.concat([PDF, Buffer.from(`% version ${i}\n`)]), `v${i}.pdf`).expect(201);
      const sixth = await upload(budi, id, 'site-plan', Buffer.concat([PDF, Buffer.from('% version 6\n')]), 'v6.pdf');
      expectProblem(sixth, 422, 'document-versions-exceeded');
      expect(sixth.body.type).toBe('urn:tenggat:problem:document-versions-exceeded');
      expect(sixth.body.maxVersions).toBe(5);
      const docs = await documents(budi, id);
      expect(docs.map((d) => [d.fileName, d.current])).toEqual([
        ['v1.pdf', false],
        ['v2.pdf', false],
        ['v3.pdf', false],
        ['v4.pdf', false],
        ['v5.pdf', true],
      ]);
      // other requirements have their own count
      await upload(budi, id, 'land-rights', PDF).expect(201);
      expect(await tempFiles()).toEqual([]);
    });

    it('follows MAX_DOCUMENT_VERSIONS', async () => {
      TunableConfig.overrides = { MAX_DOCUMENT_VERSIONS: 2 };
      const id = await draft(budi);
      await upload(budi, id, 'site-plan', PDF).expect(201);
      await upload(budi, id, 'site-plan', PDF).expect(201);
      expectProblem(await upload(budi, id, 'site-plan', PDF), 422, 'document-versions-exceeded');
    });

    it('caps the bytes of all documents of a case (MAX_APPLICATION_BYTES), replaced versions included, with 422', async () => {
      TunableConfig.overrides = { MAX_APPLICATION_BYTES: 3 * MiB };
      const id = await draft(budi);
      const mib = (tag: string): Buffer => Buffer.concat([PDF, Buffer.alloc(MiB - PDF.length, 0x20), Buffer.from(tag)]);
      await upload(budi, id, 'site-plan', mib('a')).expect(201);
      await upload(budi, id, 'site-plan', mib('b')).expect(201); // a replacement counts too
      const third = await upload(budi, id, 'land-rights', Buffer.concat([mib('c'), mib('d')]));
      expectProblem(third, 422, 'application-storage-exceeded');
      expect(third.body).toMatchObject({ maxBytes: 3 * MiB });
      expect(third.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
      // what still fits is taken; then nothing more, refused before the body is read
      await upload(budi, id, 'land-rights', PDF).expect(201);
      await upload(budi, id, 'kkpr', Buffer.concat([PDF, Buffer.alloc(MiB - 2 * PDF.length - 2, 0x20)])).expect(201);
      const full = streamUpload(port, { token: budi.token, caseId: id, requirement: 'kkpr', size: 45 * MiB, stallAfter: 64 * 1024 });
      expectProblem(await full.response, 422, 'application-storage-exceeded');
      full.req.destroy();
      expect((await documents(budi, id)).length).toBe(4);
      await until(async () => (await tempFiles()).length === 0, 'the partial files to be deleted');
    });
  });
});
