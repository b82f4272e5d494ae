import { Transform } from 'node:stream';

/**
 * CSV lines as csv-stringify writes them with its defaults (RFC 4180, `,` and `\n`): a field is
 * quoted when it holds a comma, a double quote, `\n` or `\r`, quotes doubled inside; null and
 * undefined are empty; booleans `true`/`false`; numbers as `String(n)`. Written by hand for the
 * export's hot loop (one string concatenation per field, no per-field option checks): the
 * export went from csv-stringify to this with byte-identical output (overdue-csv.spec.ts
 * compares the two).
 */
const NEEDS_QUOTES = /[",\n\r]/;

export function csvField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/** One record and its `\n`. */
export function csvLine(fields: readonly (string | number | boolean | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) line += i === 0 ? csvField(fields[i]) : `,${csvField(fields[i])}`;
  return `${line}\n`;
}

/** Bytes of text gathered before a chunk is pushed downstream (fewer, larger writes to the socket). */
const CHUNK_CHARS = 64 * 1024;

/**
 * Rows (objects) in, CSV text out: the header first (also for no rows), then one line per row,
 * gathered into chunks of ~64 KB. Backpressure is the Transform's own: when the response does
 * not drain, the cursor is not read further, so memory stays constant at any size.
 */
export function csvLines<R>(header: readonly string[], line: (row: R) => string): Transform {
  let buf = csvLine(header);
  return new Transform({
    writableObjectMode: true,
    // a row's worth of buffering upstream is enough: the chunk gathers the rows
    writableHighWaterMark: 256,
    transform(row: R, _enc, done) {
      try {
        buf += line(row);
      } catch (e) {
        return done(e as Error);
      }
      if (buf.length >= CHUNK_CHARS) {
        const out = buf;
        buf = '';
        return done(null, out);
      }
      done();
    },
    flush(done) {
      done(null, buf.length ? buf : undefined);
    },
  });
}
