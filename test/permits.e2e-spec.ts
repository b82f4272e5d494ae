import { generateKeyPairSync } from 'node:crypto';
import { keyId, PermitKeyring, signPermitFields } from '@tenggat/applications';
import { PDFDocument, PDFDict, PDFHexString, PDFName } from 'pdf-lib';
import request from 'supertest';
import { createAdmin, createOmbudsman, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { Contract } from './support/contract';
import { ApiProcess } from './support/api-process';
import { staff } from './support/officers';
import { dueIn, waitFor, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

jest.setTimeout(120_000);

const AGENCY = 'dpmptsp-kota-contoh';
const encoded = (n: string): string => encodeURIComponent(n);

/** Replaces the signed fields embedded in a permit PDF (as a forger would) and returns the new bytes. */
async function forge(pdf: Buffer, change: (fields: Record<string, unknown>) => void): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  const text = info.lookup(PDFName.of('TenggatPermitFields'), PDFHexString).decodeText();
  const fields = JSON.parse(text) as Record<string, unknown>;
  change(fields);
  info.set(PDFName.of('TenggatPermitFields'), PDFHexString.fromText(JSON.stringify(fields)));
  return Buffer.from(await doc.save());
}

interface PublicPermit {
  status: string;
  permitNumber: string;
  fields: Record<string, unknown> & { holder: string; permitNumber: string; deemedApproval: boolean };
  signature: { alg: string; kid: string; value: string };
  revocation: { revokedAt: string; reason: string } | null;
  verificationUrl: string;
}

/** Issue 14: permits anyone can verify (Ed25519 signatures, published keys, PDFs with a QR code, revocation). */
describe('permits anyone can verify', () => {
  let t: TestApp;
  let c: Contract;
  let applicant: TestUser;
  let verifier: TestUser;
  let approver: TestUser;
  let supervisor: TestUser;
  let otherSupervisor: TestUser;
  let ombudsman: TestUser;
  let admin: TestUser;
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  const signingKid = keyId(signingKey);

  beforeAll(async () => {
    t = await createTestApp(
      withConfig({
        PERMIT_SIGNING_KEY: signingKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        PUBLIC_BASE_URL: 'https://izin.contoh.go.id',
        DEMO_ENDPOINTS: true,
      }),
    );
    c = await Contract.of(t);
    applicant = await registerApplicant(t.http, { name: 'Budi Pemegang Izin' });
    verifier = await staff(t, AGENCY, ['verifier']);
    approver = await staff(t, AGENCY, ['approver']);
    supervisor = await staff(t, AGENCY, ['supervisor']);
    otherSupervisor = await staff(t, 'kementerian-investasi', ['supervisor']);
    ombudsman = await createOmbudsman(t);
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const approved = async (): Promise<{ id: string; permitNumber: string }> => {
    const { id } = await submitted(t, applicant, 'reklame');
    expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
    const res = await act(t, approver, id, { action: 'approve', comment: 'Memenuhi ketentuan' });
    expect(res.status).toBe(200);
    return { id, permitNumber: String(res.body.permit.permitNumber) };
  };

  it('publishes the signing key as a JWKS with its key id', async () => {
    const res = await request(t.http).get('/.well-known/tenggat-permit-keys.json').expect(200);
    c.check('get', '/.well-known/tenggat-permit-keys.json', res);
    const jwk = signingKey.export({ format: 'jwk' });
    expect(res.body.keys).toContainEqual({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: signingKid, alg: 'EdDSA', use: 'sig' });
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('an approved permit is valid, with its signed fields, signature and key id, to anyone without a login', async () => {
    const { permitNumber } = await approved();
    const res = await request(t.http).get(`/v1/public/permits/${encoded(permitNumber)}`).expect(200);
    c.check('get', '/v1/public/permits/{number}', res);
    const p = res.body as PublicPermit;
    expect(p).toMatchObject({ status: 'valid', permitNumber, revocation: null, expired: false });
    expect(p.fields).toMatchObject({ v: 1, permitNumber, holder: 'Budi Pemegang Izin', deemedApproval: false, agency: { code: AGENCY } });
    expect(p.signature).toMatchObject({ alg: 'EdDSA', kid: signingKid });
    expect(p.verificationUrl).toBe(`https://izin.contoh.go.id/console/public/permits/${encoded(permitNumber)}`);
    // the signature is exactly the pure function of the fields and the key
    expect(signPermitFields(p.fields as never, signingKey).value).toBe(p.signature.value);
    // nothing personal beyond the holder's name
    expect(JSON.stringify(p)).not.toMatch(/@|applicantId|kontak/);
  });

  it('says unknown (404 permit-unknown) for a number never issued', async () => {
    const res = await request(t.http).get(`/v1/public/permits/${encoded('REKLAME/2026/999999')}`).expect(404);
    c.check('get', '/v1/public/permits/{number}', res);
    expect(res.body.code).toBe('permit-unknown');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('verifies the published fields; any altered field, a wrong key id or a foreign key fails', async () => {
    const { permitNumber } = await approved();
    const p = (await request(t.http).get(`/v1/public/permits/${encoded(permitNumber)}`).expect(200)).body as PublicPermit;
    const verify = (body: object): request.Test => request(t.http).post('/v1/public/permits/verify').send(body);
    const ok = await verify({ fields: p.fields, signature: p.signature }).expect(200);
    c.check('post', '/v1/public/permits/verify', ok);
    expect(ok.body).toMatchObject({ result: 'valid', signatureValid: true, fault: null, permit: { permitNumber } });
    // key order does not matter (canonical JSON), content does
    const reordered = Object.fromEntries(Object.entries(p.fields).reverse());
    expect((await verify({ fields: reordered, signature: p.signature }).expect(200)).body.result).toBe('valid');
    for (const change of [{ holder: 'Orang Lain' }, { validUntil: '2099-01-01T00:00:00.000Z' }, { deemedApproval: true }, { permitNumber: 'REKLAME/2026/000999' }]) {
      const bad = await verify({ fields: { ...p.fields, ...change }, signature: p.signature }).expect(200);
      expect(bad.body).toEqual({ result: 'invalid', signatureValid: false, fault: 'bad-signature', permit: null });
    }
    expect((await verify({ fields: p.fields, signature: { ...p.signature, kid: 'nope' } }).expect(200)).body.fault).toBe('unknown-key');
    const foreign = signPermitFields(p.fields as never, generateKeyPairSync('ed25519').privateKey, p.signature.kid);
    expect((await verify({ fields: p.fields, signature: foreign }).expect(200)).body.fault).toBe('bad-signature');
    // a genuine signature over a number not registered here: unknown
    const unregistered = { ...p.fields, permitNumber: 'REKLAME/2026/777777' };
    const elsewhere = await verify({ fields: unregistered, signature: signPermitFields(unregistered as never, signingKey) }).expect(200);
    expect(elsewhere.body).toMatchObject({ result: 'unknown', signatureValid: true, permit: null });
    // bad input is a 400 problem and changes nothing
    const junk = await verify({ fields: 'x', signature: { kid: 1 } }).expect(400);
    c.check('post', '/v1/public/permits/verify', junk);
  });

  it('the permit PDF (applicant, staff, ombudsman) carries the signed fields; an altered copy does not verify', async () => {
    const { id, permitNumber } = await approved();
    const pdf = await request(t.http).get(`/v1/applications/${id}/permit.pdf`).set(applicant.auth).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toContain(permitNumber);
    await request(t.http).get(`/v1/applications/${id}/permit.pdf`).set(supervisor.auth).expect(200);
    await request(t.http).get(`/v1/applications/${id}/permit.pdf`).set(ombudsman.auth).expect(200);
    await request(t.http).get(`/v1/applications/${id}/permit.pdf`).set(otherSupervisor.auth).expect(404);
    const stranger = await registerApplicant(t.http);
    await request(t.http).get(`/v1/applications/${id}/permit.pdf`).set(stranger.auth).expect(404);
    await request(t.http).get(`/v1/applications/${id}/permit.pdf`).expect(401);

    const upload = (file: Buffer): request.Test => request(t.http).post('/v1/public/permits/verify-pdf').attach('file', file, { filename: 'izin.pdf', contentType: 'application/pdf' });
    const genuine = await upload(bytes).expect(200);
    c.check('post', '/v1/public/permits/verify-pdf', genuine);
    expect(genuine.body).toMatchObject({ result: 'valid', signatureValid: true, permit: { permitNumber } });
    const altered = await upload(await forge(bytes, (f) => (f.holder = 'Pemalsu'))).expect(200);
    expect(altered.body).toMatchObject({ result: 'invalid', signatureValid: false, fault: 'bad-signature' });
    const notOurs = await upload(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')).expect(422);
    expect(notOurs.body.code).toBe('not-a-tenggat-permit');
    c.check('post', '/v1/public/permits/verify-pdf', notOurs);
    expect((await request(t.http).post('/v1/public/permits/verify-pdf').expect(400)).body.code).toBe('file-missing');
  });

  it('revocation: only the issuing agency, a reason required, audited, visible on verification, once', async () => {
    const { id, permitNumber } = await approved();
    const path = `/v1/permits/${encoded(permitNumber)}/revocation`;
    const reason = 'Pengawasan pasca-terbit: ukuran reklame tidak sesuai izin';
    c.check('post', '/v1/permits/{number}/revocation', await request(t.http).post(path).set(applicant.auth).send({ reason }).expect(403));
    await request(t.http).post(path).set(ombudsman.auth).send({ reason }).expect(403);
    await request(t.http).post(path).set(admin.auth).send({ reason }).expect(403);
    expect((await request(t.http).post(path).set(otherSupervisor.auth).send({ reason }).expect(403)).body.code).toBe('not-your-agency');
    c.check('post', '/v1/permits/{number}/revocation', await request(t.http).post(path).set(supervisor.auth).send({}).expect(400));
    await request(t.http).post(path).set(supervisor.auth).send({ reason: '     ' }).expect(422);
    expect((await request(t.http).get(`/v1/public/permits/${encoded(permitNumber)}`).expect(200)).body.status).toBe('valid');

    const done = await request(t.http).post(path).set(supervisor.auth).send({ reason }).expect(200);
    c.check('post', '/v1/permits/{number}/revocation', done);
    expect(done.body).toMatchObject({ status: 'revoked', revocation: { reason } });
    const again = await request(t.http).post(path).set(supervisor.auth).send({ reason }).expect(409);
    expect(again.body.code).toBe('permit-revoked');
    c.check('post', '/v1/permits/{number}/revocation', await request(t.http).post(`/v1/permits/${encoded('X/1/2')}/revocation`).set(supervisor.auth).send({ reason }).expect(404));

    const pub = (await request(t.http).get(`/v1/public/permits/${encoded(permitNumber)}`).expect(200)).body as PublicPermit;
    expect(pub.status).toBe('revoked');
    expect(pub.revocation).toEqual({ revokedAt: done.body.revocation.revokedAt, reason });
    const verified = await request(t.http).post('/v1/public/permits/verify').send({ fields: pub.fields, signature: pub.signature }).expect(200);
    expect(verified.body).toMatchObject({ result: 'revoked', signatureValid: true, permit: { revocation: { reason } } });

    const audit = await t.db.query<{ actor_id: string; comment: string; entity_type: string }[]>(
      `SELECT actor_id, comment, entity_type FROM audit_events WHERE stream = $1 AND action = 'revoke-permit'`,
      [`case:${id}`],
    );
    expect(audit).toEqual([{ actor_id: supervisor.id, comment: reason, entity_type: 'permit' }]);
  });

  it('deemed approval produces a signed permit issued by operation of law', async () => {
    const { id } = await submitted(t, applicant, 'sertifikat-standar');
    await dueIn(t, admin, id, 1);
    const permit = await waitFor(async () => {
      const res = await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth);
      return res.body.status === 'closed' ? (res.body.permit as { permitNumber: string }) : null;
    }, 'the deemed approval');
    const pub = (await request(t.http).get(`/v1/public/permits/${encoded(permit.permitNumber)}`).expect(200)).body as PublicPermit;
    expect(pub.fields.deemedApproval).toBe(true);
    expect(pub.fields.legalBasis).toEqual(expect.arrayContaining([expect.stringMatching(/UU 30\/2014/)]));
    expect((await request(t.http).post('/v1/public/permits/verify').send({ fields: pub.fields, signature: pub.signature }).expect(200)).body.result).toBe('valid');
  });
});

/** Key rotation: old public keys stay published, permits they signed keep verifying. */
describe('permit signing keys rotate', () => {
  it('a permit signed under the development key still verifies after PERMIT_SIGNING_KEY is configured', async () => {
    const dev = await createTestApp();
    const devKey = await dev.app.get(PermitKeyring).signingKey();
    expect(devKey.origin).toBe('development');
    // the development key is generated once and kept: a second start takes the same one
    const again = await createTestApp();
    expect((await again.app.get(PermitKeyring).signingKey()).kid).toBe(devKey.kid);
    await again.close();

    const applicant = await registerApplicant(dev.http);
    const verifier = await staff(dev, AGENCY, ['verifier']);
    const approver = await staff(dev, AGENCY, ['approver']);
    const { id } = await submitted(dev, applicant, 'reklame');
    await act(dev, verifier, id, { action: 'accept' });
    const number = String((await act(dev, approver, id, { action: 'approve', comment: 'ok' })).body.permit.permitNumber);
    await dev.close();

    const next = generateKeyPairSync('ed25519').privateKey;
    const rotated = await createTestApp(withConfig({ PERMIT_SIGNING_KEY: next.export({ format: 'der', type: 'pkcs8' }).toString('base64') }));
    try {
      const keys = (await request(rotated.http).get('/.well-known/tenggat-permit-keys.json').expect(200)).body.keys as { kid: string }[];
      expect(keys.map((k) => k.kid)).toEqual(expect.arrayContaining([devKey.kid, keyId(next)]));
      const pub = (await request(rotated.http).get(`/v1/public/permits/${encoded(number)}`).expect(200)).body as PublicPermit;
      expect(pub.signature.kid).toBe(devKey.kid);
      expect((await request(rotated.http).post('/v1/public/permits/verify').send({ fields: pub.fields, signature: pub.signature }).expect(200)).body.result).toBe('valid');
    } finally {
      await rotated.close();
    }
  });
});

describe('the development signing key is refused in production', () => {
  it('NODE_ENV=production without PERMIT_SIGNING_KEY stops the start with one clear line', async () => {
    const p = await ApiProcess.spawn({ NODE_ENV: 'production', PERMIT_SIGNING_KEY: '', JWT_SECRET: 'x'.repeat(20) + 'production-secret-key' });
    const { code } = await p.exitWithin(60_000);
    expect(code).toBe(1);
    expect(p.output).toMatch(/PERMIT_SIGNING_KEY: must be set in production \(the development key generated on first start is refused\)/);
    expect(p.output).not.toMatch(/listening on/);
  });
});
