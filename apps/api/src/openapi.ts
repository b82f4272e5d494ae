import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { NOT_A_PROBLEM, PROBLEM_DESCRIPTIONS, ProblemDetails } from '@tenggat/platform';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Parameter = Extract<NonNullable<Operation['parameters']>[number], { in: string }>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** Every tag an operation may carry, with what it groups. */
const TAGS: Record<string, string> = {
  identity: "Registration, login, browser sessions and the caller's own account",
  'permit-types': 'Permit types and their published service standards (public)',
  calendars: 'Working-day calendars and the deadline calculator (public)',
  applications: "The case: drafts, documents, submission, actions, timeline (applicants see their own; staff their agency's)",
  queue: "Officers' work: the agency queue ordered by urgency, claims and assignment",
  public: 'Public pages: tracking by reference and access code, compliance statistics, permit verification',
  oversight: "The ombudsman's reading: overdue cases, case records, statistics, signals, complaints",
  complaints: 'Complaints about the service (maladministration)',
  supervision: 'Deemed approvals awaiting post-issuance supervision',
  whatif: 'What-if: replay the past against a proposed rule (permit type, calendar, warning share) before it becomes law',
  admin: 'Administration: users, calendars, the audit chain',
  events: 'Domain events: the published catalogue, the event feed for polling integrators, the live stream',
  webhooks: 'Webhook subscriptions (Standard Webhooks), their delivery log and replays',
  demo: 'Demo only (DEMO_ENDPOINTS=true): move a clock to watch a timer fire',
  operations: 'Health and readiness',
};

/** Headers HTTP asks of some problems, and Tenggat sends with them (ProblemHeadersInterceptor, AccessGuard). */
const PROBLEM_HEADERS: Record<number, Record<string, { description: string; required: true; schema: { type: 'string' | 'integer'; minimum?: number } }>> = {
  401: {
    'WWW-Authenticate': {
      description: 'The authentication scheme: `Bearer realm="tenggat"` (with `error="invalid_token"` for a bad token)',
      required: true,
      schema: { type: 'string' },
    },
  },
  429: { 'Retry-After': { description: 'Seconds to wait before trying again (also `retryAfter` in the body)', required: true, schema: { type: 'integer', minimum: 0 } } },
};

const IDEMPOTENCY_KEY: Parameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Send the same key to retry safely: the same key and body within 24 h answer the first response again (`Idempotent-Replayed: true`) without ' +
    'doing anything; the same key with another body is 422 `idempotency-key-reused`; while the first is running, 409 `idempotency-key-in-progress`',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

type ProblemResponse = {
  description: string;
  headers?: (typeof PROBLEM_HEADERS)[number];
  content: Record<string, { schema: { $ref: string } }>;
};

const problem = (status: number): ProblemResponse => ({
  description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
  ...(PROBLEM_HEADERS[status] ? { headers: PROBLEM_HEADERS[status] } : {}),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

/**
 * What the decorators cannot say once for all operations: security exactly once (public ones
 * `security: []`), the problem+json answers every operation can give (400 where it takes input,
 * 404 where it names a resource it reads, 401/403 where it needs a token), every error as problem+json,
 * and no header documented twice.
 */
export function normaliseOperations(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) normaliseOperation(op, method);
    }
  }
  return doc;
}

function normaliseOperation(op: Operation, method: (typeof METHODS)[number]): void {
  const secured = (op.security ?? []).some((s) => 'bearer' in s);
  op.security = secured ? [{ bearer: [] }] : [];
  // a header read with @Headers() and documented with @ApiHeader() appears twice: keep the
  // documented one, optional unless both say it is required
  const byKey = new Map<string, Parameter>();
  for (const p of op.parameters ?? []) {
    if (!('in' in p)) continue;
    const key = `${p.in}:${p.name.toLowerCase()}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, p);
    else byKey.set(key, { ...(seen.description ? seen : p), required: Boolean(seen.required && p.required) });
  }
  // every signed-in POST takes an Idempotency-Key (the IdempotencyInterceptor of @tenggat/notifications)
  if (method === 'post' && secured && !byKey.has('header:idempotency-key')) byKey.set('header:idempotency-key', IDEMPOTENCY_KEY);
  const params = [...byKey.values()];
  op.parameters = params;
  const responses = op.responses;
  const needs = new Set<number>();
  if (params.length > 0 || op.requestBody) needs.add(400);
  if (params.some((p) => p.in === 'path') && method !== 'put') needs.add(404); // a PUT creates what it names
  if (secured) needs.add(401).add(403);
  if (method === 'post' && secured) needs.add(409).add(422); // Idempotency-Key in progress, or reused for another request
  for (const status of needs) responses[String(status)] ??= problem(status);
  for (const [status, response] of Object.entries(responses)) {
    if (!/^[45]/.test(status) || !response || '$ref' in response || NOT_A_PROBLEM in response) continue;
    const standard = problem(Number(status));
    const headers = { ...standard.headers, ...response.headers };
    responses[status] = { ...standard, ...(Object.keys(headers).length ? { headers } : {}), description: response.description || standard.description };
  }
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Tenggat API')
    .setDescription(
      'Business licensing with statutory working-day deadlines. Errors are application/problem+json (RFC 9457); ' +
        'writes to a case take `If-Match` (or `expectedVersion`) and answer 409 when stale; submit takes an optional `Idempotency-Key`.',
    )
    .setVersion('1')
    .setLicense('UNLICENSED (internal to the licensing agency)', 'https://www.gnu.org/licenses/license-list.html#NoLicense')
    .setContact('Tenggat team', '', 'tenggat@example.go.id')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  config.tags = Object.entries(TAGS).map(([name, description]) => ({ name, description }));
  const doc = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetails] });
  return normaliseOperations(doc);
}

export function mountOpenApi(app: INestApplication): void {
  const document = buildOpenApi(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
}
