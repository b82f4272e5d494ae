/** Formatting per locale (Intl): dates in the agency's zone with the zone named, numbers, rupiah. Pure. */

export type Locale = 'id' | 'en';

const BCP47: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

/** The Indonesian short name of a zone (WIB, WITA, WIT), or the zone itself elsewhere. */
export function zoneLabel(timeZone: string): string {
  switch (timeZone) {
    case 'Asia/Jakarta':
    case 'Asia/Pontianak':
      return 'WIB';
    case 'Asia/Makassar':
      return 'WITA';
    case 'Asia/Jayapura':
      return 'WIT';
    default:
      return timeZone;
  }
}

/** Date and time in the zone, with its name: "17 Mar 2026 10.00 WIB". */
export function dateTime(iso: string | null | undefined, locale: Locale, timeZone = 'Asia/Jakarta', label?: string | null): string {
  if (!iso) return '–';
  const f = new Intl.DateTimeFormat(BCP47[locale], { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  return `${f.format(new Date(iso))} ${label ?? zoneLabel(timeZone)}`;
}

/** The calendar day in the zone: "17 Mar 2026". */
export function date(iso: string | null | undefined, locale: Locale, timeZone = 'Asia/Jakarta'): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(BCP47[locale], { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));
}

/** A plain date (YYYY-MM-DD, no zone) as the locale writes it. */
export function localDate(ymd: string, locale: Locale): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Intl.DateTimeFormat(BCP47[locale], { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

export function number(n: number, locale: Locale, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(BCP47[locale], { maximumFractionDigits }).format(n);
}

export function money(amount: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(BCP47[locale], { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
}

export function bytes(n: number, locale: Locale): string {
  if (n < 1024) return `${number(n, locale, 0)} B`;
  if (n < 1024 * 1024) return `${number(n / 1024, locale, 1)} KB`;
  return `${number(n / 1024 / 1024, locale, 1)} MB`;
}

export type Urgency = 'green' | 'amber' | 'red';

/**
 * How urgent a clock is: red when breached or no working day is left, amber when warned or at
 * most 2 working days are left, green otherwise.
 */
export function urgency(remainingWorkingDays: number | null, flags: { breached?: boolean; warned?: boolean } = {}): Urgency {
  if (flags.breached || (remainingWorkingDays !== null && remainingWorkingDays <= 0)) return 'red';
  if (flags.warned || (remainingWorkingDays !== null && remainingWorkingDays <= 2)) return 'amber';
  return 'green';
}

/** Duration in ms as days and hours ("2 d 3 h"), for clock stops; the unit words come from messages. */
export function duration(ms: number, units: { d: string; h: string; m: string }): string {
  const mins = Math.round(ms / 60_000);
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (d > 0) return `${d} ${units.d}${h ? ` ${h} ${units.h}` : ''}`;
  if (h > 0) return `${h} ${units.h}${m ? ` ${m} ${units.m}` : ''}`;
  return `${m} ${units.m}`;
}
