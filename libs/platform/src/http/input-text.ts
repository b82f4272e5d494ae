import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';
import { FieldError } from '../errors/problem';

/**
 * The one rule for text input, applied to every string of a JSON body, a query string, a path
 * and a multipart form before any handler sees it:
 *
 * - well-formed Unicode: no lone surrogate (a `\udc00` escape survives JSON.parse, and Postgres
 *   would store U+FFFD for it while an audit hash was computed over what was sent);
 * - no U+0000 and no other C0 control character but tab, line feed and carriage return
 *   (Postgres refuses U+0000 in text and jsonb);
 * - normalised to NFC, so equal text is stored, compared and hashed as equal bytes.
 *
 * A violation answers 400 `invalid-text` naming each offending field, and changes nothing.
 */

/** Bodies nested deeper than this are refused before they are parsed. */
export const MAX_JSON_DEPTH = 32;
/** Field errors listed in one answer (the first ones found). */
const MAX_REPORTED = 20;

const hex = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** What the rule refuses in a string, or undefined when it is acceptable. */
export function textFault(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
      return c === 0 ? `contains U+0000 (NUL) at position ${i}` : `contains the control character ${hex(c)} at position ${i}`;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < s.length) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++;
          continue;
        }
      }
      return `contains a lone surrogate (${hex(c)}) at position ${i}: not well-formed Unicode`;
    }
  }
  return undefined;
}

/** The text as the rule lets it in (NFC), or the fault. */
export function checkText(s: string): { text: string } | { fault: string } {
  const fault = textFault(s);
  return fault === undefined ? { text: s.normalize('NFC') } : { fault };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

const fieldOf = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);
/** A key shown in a field path: printable even when the key itself is at fault. */
const shownKey = (key: string): string => JSON.stringify(key).slice(1, -1);

/**
 * Applies the rule to every string (and object key) of a parsed value: a copy with every string
 * in NFC, or the fields at fault (dotted paths, array indices as segments, `root` for the value
 * itself). Only plain objects and arrays are walked; other values are kept as they are.
 */
export function applyTextRule(value: unknown, root = ''): { value: unknown; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (errors.length >= MAX_REPORTED) return v;
    if (typeof v === 'string') {
      const r = checkText(v);
      if ('fault' in r) errors.push({ field: path || 'body', message: r.fault });
      return 'text' in r ? r.text : v;
    }
    if (depth > MAX_JSON_DEPTH) {
      errors.push({ field: path || 'body', message: `is nested more than ${MAX_JSON_DEPTH} levels deep` });
      return v;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, fieldOf(path, String(i)), depth + 1));
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = Object.getPrototypeOf(v) === null ? (Object.create(null) as Record<string, unknown>) : {};
    for (const [key, item] of Object.entries(v)) {
      const k = checkText(key);
      if ('fault' in k) {
        errors.push({ field: fieldOf(path, shownKey(key)), message: `has a name that ${k.fault}` });
        continue;
      }
      // defineProperty, not assignment: a "__proto__" member stays a member
      Object.defineProperty(out, k.text, { value: walk(item, fieldOf(path, k.text), depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const result = walk(value, root, 0);
  return { value: result, errors };
}

/** The 400 answer for text that breaks the rule. */
export function invalidText(errors: FieldError[]): DomainError {
  return new DomainError('invalid', 'invalid-text', `Text input refused: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
}

/**
 * How deep a JSON text nests, counted without parsing it, stopping as soon as it passes `max`
 * (so a 25 KB body of 5,000 brackets costs one short scan, never a deep parse or walk).
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** body-parser's `verify` hook: refuses a body nested deeper than MAX_JSON_DEPTH before it is parsed. */
export function jsonDepthGuard(_req: unknown, _res: unknown, buf: Buffer, encoding: string): void {
  const text = buf.toString(Buffer.isEncoding(encoding) ? encoding : 'utf8');
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH))
    throw new DomainError('invalid', 'too-deeply-nested', `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`, {
      errors: [{ field: 'body', message: `is nested more than ${MAX_JSON_DEPTH} levels deep` }],
    });
}

/** The path with every segment decoded, checked and put in NFC; the faults name the segment. */
function checkedPath(pathname: string): { path: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const segments = pathname.split('/').map((segment, i) => {
    if (/^[A-Za-z0-9._~!$&'()*+,;=:@-]*$/.test(segment)) return segment; // nothing encoded, nothing to check
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      errors.push({ field: `path.${i}`, message: 'is not valid percent-encoded UTF-8' });
      return segment;
    }
    const r = checkText(decoded);
    if ('fault' in r) {
      errors.push({ field: `path.${i}`, message: r.fault });
      return segment;
    }
    return r.text === decoded ? segment : encodeURIComponent(r.text);
  });
  return { path: segments.join('/'), errors };
}

/**
 * Express middleware, after the JSON body parser and before routing: the rule over the path,
 * the query string and a parsed JSON body. Multipart fields are parsed later (by the upload
 * interceptor) and meet the same rule in TextRulePipe.
 */
export function inputTextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const url = req.url;
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const path = checkedPath(pathname);
  const query = applyTextRule(req.query);
  const body = req.body === undefined ? { value: undefined, errors: [] } : applyTextRule(req.body);
  const errors = [...path.errors, ...query.errors, ...body.errors];
  if (errors.length) return next(invalidText(errors.slice(0, MAX_REPORTED)));
  if (path.path !== pathname) req.url = path.path + (q < 0 ? '' : url.slice(q));
  // Express 5 computes req.query on every read: keep the checked copy instead
  Object.defineProperty(req, 'query', { value: query.value, enumerable: true, writable: true, configurable: true });
  if (req.body !== undefined) req.body = body.value;
  next();
}

/**
 * The same rule as a global pipe, for what middleware cannot see: multipart form fields (parsed
 * by the upload interceptor) and route parameters. Runs before the validation pipe.
 */
@Injectable()
export class TextRulePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    const { value: checked, errors } = applyTextRule(value, metadata.data ?? '');
    if (errors.length) throw invalidText(errors);
    return checked;
  }
}
