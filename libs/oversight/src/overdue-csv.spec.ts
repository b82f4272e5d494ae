import { stringify } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { csvField, csvLine, csvLines } from './overdue-csv';

type Field = string | number | boolean | null | undefined;

/** What the export wrote before: csv-stringify with its defaults and booleans as true/false. */
const reference = (header: string[], rows: Field[][]): string =>
  stringify(rows, { header: true, columns: header, cast: { boolean: (b) => (b ? 'true' : 'false') } });

describe('overdue CSV lines', () => {
  const header = ['id', 'reference', 'n', 'x', 'flag', 'none'];
  const tricky: Field[][] = [
    ['a', 'REKLAME-2026-000042', 0, 1.25, true, null],
    ['b', 'with, comma', -3, 0.1 + 0.2, false, undefined],
    ['c', 'with "quotes"', 1e21, 12345678.5, true, ''],
    ['d', 'line\nbreak', Number.MAX_SAFE_INTEGER, -0.5, false, 'cr\rhere'],
    ['e', '"', 7, 3, true, ',,'],
    ['f', 'tab\tand ünïcödé and =formula', 8, 2.01, false, ' spaced '],
    ['g', '', 0, 0, false, null],
  ];

  it('writes what csv-stringify wrote, byte for byte', () => {
    expect(csvLine(header) + tricky.map(csvLine).join('')).toBe(reference(header, tricky));
  });

  it('quotes only what needs it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(42)).toBe('42');
  });

  it('streams the header, then the rows in chunks, the same text at any chunking', async () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => ({ id: `id-${i}`, note: i % 7 === 0 ? 'a, "b"' : `n${i}` }));
    const out = await text(Readable.from(rows).pipe(csvLines<{ id: string; note: string }>(['id', 'note'], (r) => csvLine([r.id, r.note]))));
    expect(out).toBe(reference(['id', 'note'], rows.map((r) => [r.id, r.note])));
  });

  it('writes the header alone when there are no rows (as csv-stringify did)', async () => {
    const out = await text(Readable.from([]).pipe(csvLines(['id', 'note'], () => '')));
    expect(out).toBe(reference(['id', 'note'], []));
    expect(out).toBe('id,note\n');
  });
});
