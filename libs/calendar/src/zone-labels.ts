/**
 * The Indonesian short names of the zones the agencies' calendars use: WIB (UTC+7), WITA (UTC+8)
 * and WIT (UTC+9), as people read them on a receipt or a deadline.
 */
const LABELS: Readonly<Record<string, 'WIB' | 'WITA' | 'WIT'>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Ujung_Pandang': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** `'WIB'`, `'WITA'` or `'WIT'` for an Indonesian IANA zone; null for any other zone. */
export function timeZoneLabel(zone: string): 'WIB' | 'WITA' | 'WIT' | null {
  return Object.prototype.hasOwnProperty.call(LABELS, zone) ? LABELS[zone] : null;
}
