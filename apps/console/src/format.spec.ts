import { date, dateTime, duration, money, urgency, zoneLabel } from './format';

describe('console formatting', () => {
  it('names the Indonesian zones', () => {
    expect(zoneLabel('Asia/Jakarta')).toBe('WIB');
    expect(zoneLabel('Asia/Makassar')).toBe('WITA');
    expect(zoneLabel('Asia/Jayapura')).toBe('WIT');
    expect(zoneLabel('Europe/Paris')).toBe('Europe/Paris');
  });

  it('shows an instant in the agency zone with the zone named, per locale', () => {
    const at = '2026-03-17T03:00:00Z';
    expect(dateTime(at, 'id', 'Asia/Jakarta')).toMatch(/^17 Mar 2026.*10[.:]00 WIB$/);
    expect(dateTime(at, 'en', 'Asia/Jayapura')).toMatch(/^17 Mar 2026.*12:00 WIT$/);
    expect(date('2026-03-16T18:00:00Z', 'id', 'Asia/Makassar')).toBe('17 Mar 2026');
    expect(dateTime(null, 'id')).toBe('–');
  });

  it('writes rupiah per locale', () => {
    expect(money(1500000, 'IDR', 'id').replace(/\s/g, ' ')).toBe('Rp 1.500.000');
    expect(money(1500000, 'IDR', 'en')).toMatch(/IDR\s?1,500,000/);
  });

  it('colours urgency: red when breached or none left, amber when warned or <= 2 left', () => {
    expect(urgency(5)).toBe('green');
    expect(urgency(2)).toBe('amber');
    expect(urgency(5, { warned: true })).toBe('amber');
    expect(urgency(0)).toBe('red');
    expect(urgency(3, { breached: true })).toBe('red');
    expect(urgency(null)).toBe('green');
  });

  it('writes durations in days, hours and minutes', () => {
    const u = { d: 'd', h: 'h', m: 'min' };
    expect(duration(90 * 60_000, u)).toBe('1 h 30 min');
    expect(duration(2 * 86_400_000 + 3 * 3_600_000, u)).toBe('2 d 3 h');
    expect(duration(0, u)).toBe('0 min');
  });
});
