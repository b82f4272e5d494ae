import { parseCalendar } from './calendar-parser';
import { CalendarFault } from './calendar.types';

const VALID = `
id: id-test
name: Test calendar
timeZone: Asia/Jakarta
weekend: [6, 7]
extends: null
years:
  2026:
    official: true
    source: "SKB test"
    holidays:
      - {date: 2026-01-01, name: Tahun Baru}
    collectiveLeave:
      - {date: 2026-02-16, name: Cuti bersama Imlek}
  2027:
    official: false
    holidays: []
extraDays:
  - {date: 2026-04-07, name: Hari jadi kota}
  - {date: 2026-10-19, name: Hari jadi provinsi, annual: true}
`;

function faultsOf(input: unknown): CalendarFault[] {
  const r = parseCalendar(input);
  if (r.ok) throw new Error('expected faults');
  return [...r.faults];
}

function paths(input: unknown): string[] {
  return faultsOf(input).map((f) => f.path);
}

describe('parseCalendar', () => {
  it('parses a valid YAML document into a normalised definition', () => {
    const r = parseCalendar(VALID);
    expect(r).toEqual({
      ok: true,
      calendar: {
        id: 'id-test',
        name: 'Test calendar',
        timeZone: 'Asia/Jakarta',
        weekend: [6, 7],
        extends: null,
        years: {
          2026: {
            official: true,
            source: 'SKB test',
            holidays: [{ date: '2026-01-01', name: 'Tahun Baru' }],
            collectiveLeave: [{ date: '2026-02-16', name: 'Cuti bersama Imlek' }],
          },
          2027: { official: false, holidays: [], collectiveLeave: [] },
        },
        extraDays: [
          { date: '2026-04-07', name: 'Hari jadi kota' },
          { date: '2026-10-19', name: 'Hari jadi provinsi', annual: true },
        ],
      },
    });
  });

  it('accepts an already parsed object, JS Dates at UTC midnight included (YAML 1.1 loaders)', () => {
    const r = parseCalendar({
      id: 'x',
      name: 'X',
      timeZone: 'Asia/Makassar',
      weekend: [7, 6],
      years: { 2026: { official: false, holidays: [{ date: new Date(Date.UTC(2026, 0, 1)), name: 'Tahun Baru' }] } },
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.calendar.extends).toBeNull();
      expect(r.calendar.weekend).toEqual([6, 7]);
      expect(r.calendar.extraDays).toEqual([]);
      expect(r.calendar.years[2026].holidays).toEqual([{ date: '2026-01-01', name: 'Tahun Baru' }]);
    }
  });

  it('lets a child calendar omit timeZone and weekend', () => {
    const r = parseCalendar('id: child\nname: Child\nextends: id-test\n');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.calendar.timeZone).toBeUndefined();
      expect(r.calendar.weekend).toBeUndefined();
      expect(r.calendar.extends).toBe('id-test');
    }
  });

  it('reports YAML syntax errors and duplicate keys', () => {
    expect(faultsOf('id: [a,\nname: b')[0]).toMatchObject({ path: '', message: expect.stringMatching(/^YAML: /) });
    expect(faultsOf('id: a\nid: b\n')[0].message).toMatch(/unique/);
  });

  it('rejects a document that is not a mapping', () => {
    expect(faultsOf('- 1\n- 2')).toEqual([{ path: '', message: expect.stringMatching(/must be a mapping/) }]);
    expect(faultsOf(null)).toHaveLength(1);
    expect(faultsOf(42)).toHaveLength(1);
  });

  it('returns every fault at once, with paths', () => {
    const text = `
id: Not_Kebab
name: ""
timeZone: Asia/Atlantis
weekend: [0, 6, 6, 8, x]
extends: 12
colour: blue
years:
  2026:
    official: yes
    holidays:
      - {date: 2026-02-30, name: Bad day}
      - {date: 2025-12-31, name: Wrong year}
      - {date: 2026-01-01}
      - {date: 2026-01-02, name: A, extra: 1}
      - just a string
    collectiveLeave: {date: 2026-01-01}
  "26":
    official: true
  2028:
    official: true
extraDays:
  - {date: 2024-02-29, name: Leap, annual: true}
  - {date: 2026-13-01, name: Bad month, annual: "yes"}
`;
    expect(paths(text).sort()).toEqual(
      [
        'colour',
        'id',
        'name',
        'timeZone',
        'weekend[0]',
        'weekend[2]',
        'weekend[3]',
        'weekend[4]',
        'extends',
        'years.2026.official',
        'years.2026.holidays[0].date',
        'years.2026.holidays[1].date',
        'years.2026.holidays[2].name',
        'years.2026.holidays[3].extra',
        'years.2026.holidays[4]',
        'years.2026.collectiveLeave',
        'years.26',
        'years.2028.source',
        'extraDays[0].annual',
        'extraDays[1].date',
        'extraDays[1].annual',
      ].sort(),
    );
  });

  it('requires timeZone and weekend on a root calendar and a source on an official year', () => {
    expect(paths('id: a\nname: A\nyears: {2026: {official: true}}').sort()).toEqual(['timeZone', 'weekend', 'years.2026.source']);
  });

  it('rejects duplicate dates within and across holidays and collective leave, and in extraDays', () => {
    const text = `
id: a
name: A
timeZone: Asia/Jakarta
weekend: [6, 7]
years:
  2026:
    official: false
    holidays: [{date: 2026-01-01, name: A}, {date: 2026-01-01, name: B}]
    collectiveLeave: [{date: 2026-01-01, name: C}, {date: 2026-01-02, name: D}]
extraDays: [{date: 2026-04-07, name: X}, {date: 2026-04-07, name: Y}]
`;
    const f = faultsOf(text);
    expect(f.map((x) => x.path)).toEqual(['years.2026.holidays[1].date', 'years.2026.collectiveLeave[0].date', 'extraDays[1].date']);
    expect(f[0].message).toMatch(/duplicate date 2026-01-01 \(already at years\.2026\.holidays\[0\]\.date\)/);
  });

  it('rejects a seven-day weekend and a self-extension', () => {
    expect(paths('id: a\nname: A\ntimeZone: UTC\nweekend: [1,2,3,4,5,6,7]\n')).toEqual(['weekend']);
    expect(paths('id: a\nname: A\nextends: a\n')).toEqual(['extends']);
  });

  it('accepts an empty weekend and any IANA zone', () => {
    expect(parseCalendar('id: a\nname: A\ntimeZone: Europe/Amsterdam\nweekend: []\n').ok).toBe(true);
  });
});
