import { parseCalendar } from './calendar-parser';
import { parseLocalDate, weekdayOf } from './local-date.util';
import { shippedCalendar, shippedResolved, shippedTexts } from './shipped-calendars.fixture';

const HOLIDAYS_2026 = ['01-01', '01-16', '02-17', '03-19', '03-21', '03-22', '04-03', '04-05', '05-01', '05-14', '05-27', '05-31', '06-01', '06-16', '08-17', '08-25', '12-25'];
const LEAVE_2026 = ['02-16', '03-18', '03-20', '03-23', '03-24', '05-15', '05-28', '12-24'];
const HOLIDAYS_2025 = ['01-01', '01-27', '01-29', '03-29', '03-31', '04-01', '04-18', '04-20', '05-01', '05-12', '05-29', '06-01', '06-06', '06-27', '08-17', '09-05', '12-25'];
const LEAVE_2025 = ['01-28', '03-28', '04-02', '04-03', '04-04', '04-07', '05-13', '05-30', '06-09', '08-18', '12-26'];

describe('shipped calendars (config/calendars)', () => {
  it('every file parses on its own and the set resolves to exactly the four calendars', () => {
    for (const { file, text } of shippedTexts()) {
      const r = parseCalendar(text);
      expect({ file, ok: r.ok, faults: r.ok ? [] : r.faults }).toEqual({ file, ok: true, faults: [] });
      if (r.ok) expect(`${r.calendar.id}.yaml`).toBe(file);
    }
    expect([...shippedResolved().keys()]).toEqual(['id-national', 'id-national-wit', 'kota-contoh', 'sulsel']);
  });

  it('has zones and chains as specified', () => {
    const cals = shippedResolved();
    expect(cals.get('id-national')).toMatchObject({ timeZone: 'Asia/Jakarta', weekend: [6, 7], chain: ['id-national'] });
    expect(cals.get('id-national-wit')).toMatchObject({ timeZone: 'Asia/Jayapura', weekend: [6, 7], chain: ['id-national-wit', 'id-national'] });
    expect(cals.get('sulsel')).toMatchObject({ timeZone: 'Asia/Makassar', chain: ['sulsel', 'id-national'] });
    expect(cals.get('kota-contoh')).toMatchObject({ timeZone: 'Asia/Jakarta', chain: ['kota-contoh', 'id-national'] });
  });

  it.each([
    [2026, HOLIDAYS_2026, LEAVE_2026],
    [2025, HOLIDAYS_2025, LEAVE_2025],
  ])('holds the official %i list exactly', (year, holidays, leave) => {
    const y = shippedResolved().get('id-national')!.years[year];
    expect(y.official).toBe(true);
    expect(y.holidays.map((d) => d.date)).toEqual(holidays.map((md) => `${year}-${md}`));
    expect(y.collectiveLeave.map((d) => d.date)).toEqual(leave.map((md) => `${year}-${md}`));
  });

  it('records the August 2025 amendment in the 2025 source', () => {
    expect(shippedResolved().get('id-national')!.years[2025].sources[0]).toMatch(/1017\/2024.*amended August 2025/);
    expect(shippedResolved().get('id-national')!.years[2026].sources[0]).toMatch(/1497\/2025, 2\/2025, 5\/2025/);
  });

  it('names match dates (spot checks) and collective leave falls on weekdays', () => {
    const names = new Map(
      [2025, 2026].flatMap((y) => {
        const yr = shippedResolved().get('id-national')!.years[y];
        return [...yr.holidays, ...yr.collectiveLeave].map((d) => [d.date, d.name] as const);
      }),
    );
    const expected: [string, RegExp][] = [
      ['2026-01-16', /Isra Mikraj/],
      ['2026-02-17', /Imlek/],
      ['2026-03-19', /Nyepi/],
      ['2026-03-21', /Idul Fitri/],
      ['2026-04-03', /Wafat Yesus/],
      ['2026-04-05', /Paskah/],
      ['2026-05-01', /Buruh/],
      ['2026-05-14', /Kenaikan Yesus/],
      ['2026-05-27', /Idul Adha/],
      ['2026-05-31', /Waisak/],
      ['2026-06-01', /Pancasila/],
      ['2026-06-16', /Tahun Baru Islam/],
      ['2026-08-17', /Kemerdekaan/],
      ['2026-08-25', /Maulid/],
      ['2026-12-25', /Natal/],
      ['2026-02-16', /Cuti bersama .*Imlek/],
      ['2026-03-18', /Cuti bersama .*Nyepi/],
      ['2026-05-28', /Cuti bersama Idul Adha/],
      ['2025-01-27', /Isra Mikraj/],
      ['2025-06-27', /Tahun Baru Islam/],
      ['2025-09-05', /Maulid/],
      ['2025-08-18', /Cuti bersama .*Kemerdekaan/],
    ];
    for (const [date, name] of expected) expect(`${date} ${names.get(date)}`).toMatch(name);
    for (const y of [2025, 2026]) {
      for (const d of shippedResolved().get('id-national')!.years[y].collectiveLeave) {
        expect(`${d.date} weekday ${weekdayOf(parseLocalDate(d.date))}`).toMatch(/weekday [1-5]$/);
      }
    }
  });

  it('inherits national days into the regional calendars and adds their own', () => {
    for (const id of ['id-national-wit', 'sulsel', 'kota-contoh']) {
      expect(shippedCalendar(id).isWorkingDay('2026-03-20')).toBe(false);
      expect(shippedCalendar(id).isOfficialYear(2026)).toBe(true);
    }
    expect(shippedCalendar('sulsel').isWorkingDay('2026-10-19')).toBe(false);
    expect(shippedCalendar('id-national').isWorkingDay('2026-10-19')).toBe(true);
    expect(shippedCalendar('kota-contoh').isWorkingDay('2026-04-07')).toBe(false);
    expect(shippedCalendar('id-national').isWorkingDay('2026-04-07')).toBe(true);
  });
});
