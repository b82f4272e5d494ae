import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import request from 'supertest';
import { registerApplicant, TestUser } from './support/auth';
import { definitionOf, validForm } from './support/cases';
import { freePort, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

const BUCKET = 'tenggat-documents';
const KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }; // s3rver's fixed credentials

/**
 * Documents in S3 (STORAGE_BACKEND=s3), against s3rver: an S3-compatible server that runs here
 * (no MinIO or cloud is reachable from this machine). The upload is streamed to the bucket
 * under its SHA-256, nothing stays on the local disk, and the download comes back from S3.
 */
describe('documents in an S3-compatible bucket (s3rver)', () => {
  let s3rver: S3rver;
  let dir: string;
  let endpoint: string;
  let t: TestApp;
  let applicant: TestUser;
  const storageDir = mkdtempSync(join(tmpdir(), 'tenggat-s3-local-'));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tenggat-s3rver-'));
    const port = await freePort();
    s3rver = new S3rver({ port, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
    await s3rver.run();
    endpoint = `http://127.0.0.1:${port}`;
    t = await createTestApp(
      withConfig({
        STORAGE_BACKEND: 's3',
        STORAGE_DIR: storageDir,
        S3_BUCKET: BUCKET,
        S3_ENDPOINT: endpoint,
        S3_REGION: 'us-east-1',
        S3_FORCE_PATH_STYLE: true,
        S3_ACCESS_KEY_ID: KEYS.accessKeyId,
        S3_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
      }),
    );
    applicant = await registerApplicant(t.http);
  });

  afterAll(async () => {
    await t?.close();
    await s3rver?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('an upload lands in the bucket under its SHA-256, not on the local disk, and downloads back from S3', async () => {
    const def = await definitionOf(t, 'reklame');
    const draft = await request(t.http).post('/v1/applications').set(applicant.auth).send({ permitType: 'reklame', form: validForm(def) }).expect(201);
    const req = def.requirements.find((r) => r.mediaTypes.includes('application/pdf'))!;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(1024 * 1024), Buffer.from('\n%%EOF\n')]); // 1 MiB and a bit
    const sha = createHash('sha256').update(pdf).digest('hex');
    const up = await request(t.http)
      .post(`/v1/applications/${draft.body.id}/documents`)
      .set(applicant.auth)
      .field('requirement', req.code)
      .attach('file', pdf, { filename: 'denah.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(up.body).toMatchObject({ sha256: sha, sizeBytes: pdf.length });

    const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: KEYS });
    try {
      const key = `documents/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(head.ContentLength).toBe(pdf.length);
      expect(head.Metadata).toMatchObject({ sha256: sha });
      const body = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray());
      expect(createHash('sha256').update(body).digest('hex')).toBe(sha);
    } finally {
      s3.destroy();
    }
    expect(existsSync(join(storageDir, sha.slice(0, 2), sha.slice(2, 4), sha))).toBe(false);

    const down = await request(t.http)
      .get(`/v1/applications/${draft.body.id}/documents/${up.body.id}`)
      .set(applicant.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(createHash('sha256').update(down.body as Buffer).digest('hex')).toBe(sha);
  });
});
