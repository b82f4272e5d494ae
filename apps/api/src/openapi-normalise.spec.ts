import type { OpenAPIObject } from '@nestjs/swagger';
import { NOT_A_PROBLEM } from '@tenggat/platform';
import { normaliseOperations } from './openapi';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };

function normalised(method: 'get' | 'put' | 'post', op: Partial<Operation>): Operation {
  const doc = { openapi: '3.0.0', info: { title: 't', version: '1' }, paths: { '/x/{id}': { [method]: { responses: {}, ...op } } } } as OpenAPIObject;
  return normaliseOperations(doc).paths['/x/{id}'][method] as Operation;
}

const pathParam = [{ name: 'id', in: 'path' as const, required: true, schema: { type: 'string' as const } }];

describe('normaliseOperations (the problem answers every operation documents)', () => {
  it('documents WWW-Authenticate on a 401 and Retry-After on a 429, as required headers', () => {
    const op = normalised('post', { security: [{ bearer: [] }], responses: { '200': { description: 'ok' }, '429': { description: 'too-many-attempts' } } });
    expect(op.responses['401']).toMatchObject({ headers: { 'WWW-Authenticate': { required: true } }, content: PROBLEM });
    expect(op.responses['429']).toMatchObject({ description: 'too-many-attempts', headers: { 'Retry-After': { required: true } }, content: PROBLEM });
  });

  it('keeps the headers an operation documents on a problem', () => {
    const op = normalised('get', { responses: { '409': { description: 'conflict', headers: { ETag: { description: 'current', schema: { type: 'string' } } } } } });
    expect(op.responses['409']).toMatchObject({ headers: { ETag: { description: 'current' } }, content: PROBLEM });
  });

  it('adds 404 for a path parameter, except on a PUT (which creates what it names)', () => {
    expect(normalised('get', { parameters: pathParam }).responses['404']).toMatchObject({ content: PROBLEM });
    expect(normalised('put', { parameters: pathParam }).responses['404']).toBeUndefined();
  });

  it(`leaves alone an error status marked ${NOT_A_PROBLEM} (a report of its own, such as readiness' 503)`, () => {
    const report = { description: 'not ready', [NOT_A_PROBLEM]: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ReadinessReport' } } } };
    const op = normalised('get', { responses: { '200': { description: 'ready' }, '503': report } });
    expect(op.responses['503']).toEqual(report);
  });
});
