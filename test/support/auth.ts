import { INestApplication } from '@nestjs/common';
import { AppConfig, REDIS } from '@tenggat/platform';
import { TokenService, User, UsersService } from '@tenggat/identity';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from './test-app';

type Http = TestApp['http'];
type AppLike = INestApplication | TestApp;

const nest = (a: AppLike): INestApplication => ('getHttpServer' in a ? a : a.app);

/** The password every helper-made user has unless told otherwise (meets the 10-character policy). */
export const TEST_PASSWORD = 'test-password-2026';

export const uniqueEmail = (prefix = 'user'): string => `${prefix}-${randomUUID().slice(0, 8)}@example.test`;

export const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

/** A user made by a helper, with what a test needs to act as them. */
export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
  roles: string[];
  agency: string | null;
  token: string;
  /** `{ Authorization: 'Bearer ...' }` for supertest's `.set(...)`. */
  auth: { Authorization: string };
}

/** POST /v1/auth/login; the bearer token, or a thrown error with the problem body. */
export async function login(http: Http, email: string, password: string): Promise<string> {
  const res = await request(http).post('/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { accessToken: string }).accessToken;
}

/** Registers an applicant over HTTP, then logs in. */
export async function registerApplicant(
  http: Http,
  overrides: Partial<{ email: string; password: string; name: string; nib: string }> = {},
): Promise<TestUser> {
  const body = { email: uniqueEmail('applicant'), password: TEST_PASSWORD, name: 'Pemohon Uji', ...overrides };
  const res = await request(http).post('/v1/auth/register').send(body);
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`);
  const user = res.body as { id: string; email: string; name: string; roles: string[] };
  const token = await login(http, body.email, body.password);
  return { ...user, password: body.password, agency: null, token, auth: bearer(token) };
}

/** Mints an access token for a user that exists in the database, without a login round trip. */
export async function tokenFor(
  app: AppLike,
  user: { id: string; roles: string[]; name: string; agencyCode?: string | null; agency?: string | null },
): Promise<string> {
  const agencyCode = user.agencyCode !== undefined ? user.agencyCode : (user.agency ?? null);
  return (await nest(app).get(TokenService).issue({ id: user.id, roles: user.roles, name: user.name, agencyCode })).accessToken;
}

/** Inserts any kind of user through UsersService (no HTTP, no agency directory check). */
export async function createUser(
  app: AppLike,
  spec: { roles: string[]; agency?: string | null; email?: string; name?: string; password?: string; nib?: string | null },
): Promise<TestUser> {
  const password = spec.password ?? TEST_PASSWORD;
  const user: User = await nest(app)
    .get(UsersService)
    .provision({
      email: spec.email ?? uniqueEmail(spec.roles[0]),
      password,
      name: spec.name ?? `Uji ${spec.roles.join(' ')}`,
      roles: spec.roles,
      agencyCode: spec.agency ?? null,
      nib: spec.nib ?? null,
    });
  const token = await tokenFor(app, user);
  return { id: user.id, email: user.email, password, name: user.name, roles: user.roles, agency: user.agencyCode, token, auth: bearer(token) };
}

/** An officer (e.g. roles ['verifier']) or supervisor of one agency. */
export const createStaff = (
  app: AppLike,
  spec: { roles: string[]; agency: string; email?: string; name?: string; password?: string },
): Promise<TestUser> => createUser(app, spec);

export const createAdmin = (app: AppLike, spec: { email?: string; name?: string } = {}): Promise<TestUser> =>
  createUser(app, { ...spec, roles: ['admin'] });

export const createOmbudsman = (app: AppLike, spec: { email?: string; name?: string } = {}): Promise<TestUser> =>
  createUser(app, { ...spec, roles: ['ombudsman'] });

/** Forgets every failed login this process recorded, so throttling starts afresh. */
export async function resetLoginThrottle(app: AppLike): Promise<void> {
  const redis = nest(app).get<Redis>(REDIS);
  const pattern = `${nest(app).get(AppConfig).get('QUEUE_PREFIX')}:login-failures:*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
