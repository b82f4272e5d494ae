import { Controller, Get, INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Access, AuthUser, CurrentUser, Public } from '@tenggat/identity';
import request from 'supertest';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/configure-app';
import { createAdmin, createOmbudsman, createStaff, registerApplicant, TestUser } from './support/auth';

@Controller('v1/guard-test')
class GuardTestController {
  @Get('undeclared')
  undeclared(): string {
    return 'should never be seen';
  }

  @Public()
  @Get('public')
  open(): string {
    return 'open';
  }

  @Access('staff')
  @Get('staff')
  staff(@CurrentUser() u: AuthUser): AuthUser {
    return u;
  }

  @Access('officer')
  @Get('officer')
  officer(): string {
    return 'officer';
  }

  @Access('supervisor', 'ombudsman')
  @Get('supervisor-or-ombudsman')
  supervisorOrOmbudsman(): string {
    return 'ok';
  }

  @Access('applicant')
  @Get('applicant')
  applicant(): string {
    return 'ok';
  }
}

/** Access declared on the class; one handler opens itself up. */
@Access('admin')
@Controller('v1/guard-test-admin')
class GuardTestAdminController {
  @Get()
  admin(): string {
    return 'admin';
  }

  @Public()
  @Get('public')
  open(): string {
    return 'open';
  }
}

/** Outside /v1, an undeclared route stays public (health, docs, metrics, queue dashboard). */
@Controller('guard-test-outside')
class OutsideController {
  @Get()
  outside(): string {
    return 'outside';
  }
}

describe('access guard (e2e)', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let applicant: TestUser;
  let verifier: TestUser;
  let supervisor: TestUser;
  let ombudsman: TestUser;
  let admin: TestUser;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule],
      controllers: [GuardTestController, GuardTestAdminController, OutsideController],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
    configureApp(app);
    await app.init();
    http = app.getHttpServer();
    applicant = await registerApplicant(http);
    verifier = await createStaff(app, { roles: ['verifier'], agency: 'dpmptsp-kota-contoh' });
    supervisor = await createStaff(app, { roles: ['supervisor'], agency: 'dpmptsp-kota-contoh' });
    ombudsman = await createOmbudsman(app);
    admin = await createAdmin(app);
  });
  afterAll(() => app.close());

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('fails closed: a /v1 route without @Public or @Access answers 403 to everyone, and names itself in a warning', async () => {
    for (const headers of [{}, admin.auth, verifier.auth]) {
      const res = await request(http).get('/v1/guard-test/undeclared').set(headers).expect(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('route-not-declared');
      expect(JSON.stringify(res.body)).not.toContain('should never be seen');
    }
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('GuardTestController.undeclared'));
  });

  it('lets anyone call a @Public route, with or without a token', async () => {
    await request(http).get('/v1/guard-test/public').expect(200, 'open');
    await request(http).get('/v1/guard-test/public').set({ Authorization: 'Bearer garbage' }).expect(200);
  });

  it.each<[string, string, string[]]>([
    ['staff', '/v1/guard-test/staff', ['verifier', 'supervisor']],
    ['officer', '/v1/guard-test/officer', ['verifier']],
    ['supervisor or ombudsman', '/v1/guard-test/supervisor-or-ombudsman', ['supervisor', 'ombudsman']],
    ['applicant', '/v1/guard-test/applicant', ['applicant']],
    ['admin (class level)', '/v1/guard-test-admin', ['admin']],
  ])('lets only the %s audience in', async (_what, path, allowed) => {
    const everyone: Record<string, TestUser> = { applicant, verifier, supervisor, ombudsman, admin };
    for (const [name, user] of Object.entries(everyone)) {
      const res = await request(http).get(path).set(user.auth);
      expect([name, res.status]).toEqual([name, allowed.includes(name) ? 200 : 403]);
    }
    await request(http).get(path).expect(401);
  });

  it('hands the handler the caller as AuthUser', async () => {
    const res = await request(http).get('/v1/guard-test/staff').set(verifier.auth).expect(200);
    expect(res.body).toEqual({ id: verifier.id, email: verifier.email, name: verifier.name, roles: ['verifier'], agency: 'dpmptsp-kota-contoh' });
  });

  it('lets a handler-level @Public override a class-level @Access', async () => {
    await request(http).get('/v1/guard-test-admin/public').expect(200, 'open');
  });

  it('leaves routes outside /v1 public: health, docs and undeclared operational routes', async () => {
    await request(http).get('/guard-test-outside').expect(200, 'outside');
    const health = await request(http).get('/health');
    expect([200, 503]).toContain(health.status); // 503 only when no worker beats; never 401/403
    await request(http).get('/docs/openapi.json').expect(200);
  });

  it('answers unknown /v1 routes 404, not 401 or 403', async () => {
    await request(http).get('/v1/does-not-exist').expect(404);
  });
});
