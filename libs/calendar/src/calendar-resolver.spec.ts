import { CalendarResolutionError, resolveCalendar, resolveCalendars } from './calendar-resolver';
import { CalendarDefinition } from './calendar.types';

const national: CalendarDefinition = {
  id: 'nat',
  name: 'National',
  timeZone: 'Asia/Jakarta',
  weekend: [6, 7],
  extends: null,
  years: {
    2026: {
      official: true,
      source: 'SKB 2026',
      holidays: [{ date: '2026-01-01', name: 'Tahun Baru' }],
      collectiveLeave: [{ date: '2026-02-16', name: 'Cuti Imlek' }],
    },
    2027: { official: false, holidays: [{ date: '2027-01-01', name: 'Tahun Baru' }], collectiveLeave: [] },
  },
  extraDays: [],
};

const province: CalendarDefinition = {
  id: 'prov',
  name: 'Province',
  timeZone: 'Asia/Makassar',
  extends: 'nat',
  years: {
    2026: { official: true, source: 'Pergub 1/2026', holidays: [], collectiveLeave: [{ date: '2026-10-20', name: 'Cuti provinsi' }] },
  },
  extraDays: [{ date: '2026-10-19', name: 'Hari jadi', annual: true }],
};

const city: CalendarDefinition = {
  id: 'city',
  name: 'City',
  weekend: [5, 6, 7],
  extends: 'prov',
  years: { 2026: { official: false, holidays: [], collectiveLeave: [] } },
  extraDays: [{ date: '2026-04-07', name: 'Hari jadi kota' }],
};

describe('resolveCalendar', () => {
  it('resolves a root calendar as is', () => {
    const r = resolveCalendar([national], 'nat');
    expect(r).toMatchObject({ id: 'nat', timeZone: 'Asia/Jakarta', weekend: [6, 7], chain: ['nat'], extraDays: [] });
    expect(r.years[2026]).toEqual({
      year: 2026,
      official: true,
      sources: ['nat: SKB 2026'],
      holidays: [{ date: '2026-01-01', name: 'Tahun Baru', calendarId: 'nat' }],
      collectiveLeave: [{ date: '2026-02-16', name: 'Cuti Imlek', calendarId: 'nat' }],
    });
    expect(r.years[2027].official).toBe(false);
    expect(r.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('merges an extends chain: nearest zone and weekend win, days are the union', () => {
    const r = resolveCalendar([city, national, province], 'city');
    expect(r.chain).toEqual(['city', 'prov', 'nat']);
    expect(r.timeZone).toBe('Asia/Makassar');
    expect(r.weekend).toEqual([5, 6, 7]);
    expect(r.years[2026].collectiveLeave.map((d) => [d.date, d.calendarId])).toEqual([
      ['2026-02-16', 'nat'],
      ['2026-10-20', 'prov'],
    ]);
    expect(r.extraDays.map((d) => d.calendarId)).toEqual(['city', 'prov']);
    expect(r.years[2026].sources).toEqual(['nat: SKB 2026', 'prov: Pergub 1/2026']);
  });

  it('makes a year official only if every calendar defining it says so', () => {
    expect(resolveCalendar([national, province], 'prov').years[2026].official).toBe(true);
    expect(resolveCalendar([national, province, city], 'city').years[2026].official).toBe(false);
    expect(resolveCalendar([national, province], 'prov').years[2027].official).toBe(false);
  });

  it('fingerprints the effective data, not key order', () => {
    const a = resolveCalendar([national], 'nat').fingerprint;
    const reordered: CalendarDefinition = { extraDays: [], years: national.years, extends: null, weekend: [6, 7], timeZone: 'Asia/Jakarta', name: 'National', id: 'nat' };
    expect(resolveCalendar([reordered], 'nat').fingerprint).toBe(a);
    const changed: CalendarDefinition = { ...national, extraDays: [{ date: '2026-05-05', name: 'X' }] };
    expect(resolveCalendar([changed], 'nat').fingerprint).not.toBe(a);
  });

  it('throws on unknown ids, unknown parents, cycles and duplicate ids', () => {
    expect(() => resolveCalendar([national], 'nope')).toThrow(CalendarResolutionError);
    expect(() => resolveCalendar([province], 'prov')).toThrow(/extends unknown calendar 'nat'/);
    const a: CalendarDefinition = { ...city, id: 'a', extends: 'b' };
    const b: CalendarDefinition = { ...city, id: 'b', extends: 'a' };
    expect(() => resolveCalendar([a, b], 'a')).toThrow(/cycle: a -> b -> a/);
    expect(() => resolveCalendar([national, national], 'nat')).toThrow(/duplicate calendar id/);
  });
});

describe('resolveCalendars', () => {
  it('resolves every calendar, sorted by id', () => {
    const r = resolveCalendars([national, city, province]);
    expect(r.ok && r.calendars.map((c) => c.id)).toEqual(['city', 'nat', 'prov']);
  });

  it('reports all faults', () => {
    const orphan: CalendarDefinition = { ...city, id: 'orphan', extends: 'missing' };
    const r = resolveCalendars([national, national, orphan]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.faults).toEqual([
        { text: null, calendarId: 'nat', path: 'id', message: "duplicate calendar id 'nat'" },
        { text: null, calendarId: 'orphan', path: 'extends', message: "extends unknown calendar 'missing'" },
      ]);
    }
  });
});
