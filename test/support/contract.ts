import Ajv, { ValidateFunction } from 'ajv';
import request from 'supertest';
import type { TestApp } from './test-app';

/** The parts of an OpenAPI 3.0 document these checks read. */
type Schema = Record<string, unknown>;
interface MediaType {
  schema?: Schema;
}
interface Response {
  description: string;
  headers?: Record<string, { required?: boolean; schema?: Schema }>;
  content?: Record<string, MediaType>;
}
export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema?: Schema }[];
  responses: Record<string, Response>;
}
export interface OpenApiDocument {
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export async function servedDocument(t: TestApp): Promise<OpenApiDocument> {
  return (await request(t.http).get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
}

export function operationOf(doc: OpenApiDocument, method: string, path: string): Operation {
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
  return op;
}

/**
 * OpenAPI 3.0 schema -> JSON Schema for Ajv, made strict: `nullable` becomes a `null` type, and
 * an object that lists its properties and says nothing of others admits no others. A body that
 * passes has exactly the documented fields (required ones present, types, enums and formats right).
 */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const src = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'nullable' || k === 'example') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, strict(s)])) : strict(v);
  }
  if (out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  // OpenAPI 3.0 (JSON Schema draft 4) writes exclusive bounds as booleans beside minimum/maximum
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag]) out[flag] = out[bound];
    else delete out[flag];
    if (out[flag] !== undefined) delete out[bound];
  }
  if (src.nullable !== true) return out;
  // `nullable` beside a composition (how Nest writes a nullable class) admits null, as the
  // generated client (openapi-typescript) reads it: `X | null`
  if (out.allOf !== undefined || out.oneOf !== undefined || out.anyOf !== undefined || out.$ref !== undefined) return { anyOf: [out, { type: 'null' }] };
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Validates bodies against the response schemas of one served document. */
export class Contract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDocument) {
    this.ajv.addFormat('date-time', ISO_INSTANT);
    this.ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    this.ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    this.ajv.addFormat('email', /^[^@\s]+@[^@\s]+$/);
    this.ajv.addFormat('password', /.*/);
    const schemas = strict(doc.components.schemas) as Record<string, Schema>;
    // a problem may carry extension members beyond the documented ones (RFC 9457 section 3.2)
    if (schemas.ProblemDetails) schemas.ProblemDetails = { ...schemas.ProblemDetails, additionalProperties: true };
    this.ajv.addSchema({ $id: 'doc', components: { schemas } });
  }

  static async of(t: TestApp): Promise<Contract> {
    return new Contract(await servedDocument(t));
  }

  /**
   * The answer is one the operation documents: its status, its media type, a body that matches
   * the schema exactly, and every response header documented as required present.
   */
  check(method: string, path: string, res: request.Response): void {
    const where = `${method.toUpperCase()} ${path} -> ${res.status}`;
    const op = operationOf(this.doc, method, path);
    const response = op.responses[String(res.status)];
    if (!response) throw new Error(`${where}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`);
    const type = String(res.headers['content-type'] ?? '').split(';')[0].trim();
    const content = response.content ?? {};
    if (res.status === 204 || Object.keys(content).length === 0) {
      if (type !== '' && res.text !== '') throw new Error(`${where}: a body of type ${type} where none is documented`);
      this.checkHeaders(where, response, res);
      return;
    }
    const media = content[type];
    if (!media) throw new Error(`${where}: content type ${type} not documented (documented: ${Object.keys(content).join(', ')})`);
    if (!media.schema) throw new Error(`${where}: ${type} has no schema`);
    const body: unknown = type.endsWith('json') ? res.body : res.text;
    const validate = this.validator(media.schema);
    if (!validate(body)) {
      throw new Error(`${where}: body does not match the documented ${type} schema:\n${this.ajv.errorsText(validate.errors, { separator: '\n' })}\n${JSON.stringify(body).slice(0, 600)}`);
    }
    this.checkHeaders(where, response, res);
  }

  private checkHeaders(where: string, response: Response, res: request.Response): void {
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (header.required && res.headers[name.toLowerCase()] === undefined) throw new Error(`${where}: required header ${name} is missing`);
    }
  }

  private validator(schema: Schema): ValidateFunction {
    const key = JSON.stringify(schema);
    let v = this.cache.get(key);
    if (!v) {
      const rewritten = JSON.parse(key.replace(/"#\/components\/schemas\//g, '"doc#/components/schemas/')) as Schema;
      v = this.ajv.compile(strict(rewritten) as Schema);
      this.cache.set(key, v);
    }
    return v;
  }
}
