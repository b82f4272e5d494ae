import { timeZoneLabel } from './zone-labels';
import { shippedResolved } from './shipped-calendars.fixture';

describe('timeZoneLabel', () => {
  it.each([
    ['Asia/Jakarta', 'WIB'],
    ['Asia/Pontianak', 'WIB'],
    ['Asia/Makassar', 'WITA'],
    ['Asia/Jayapura', 'WIT'],
    ['Europe/Amsterdam', null],
    ['toString', null],
    ['', null],
  ])('%s -> %s', (zone, label) => {
    expect(timeZoneLabel(zone)).toBe(label);
  });

  it('labels the zone of every shipped calendar', () => {
    for (const c of shippedResolved().values()) expect({ id: c.id, label: timeZoneLabel(c.timeZone) }).toEqual({ id: c.id, label: expect.stringMatching(/^WI(B|TA|T)$/) });
  });
});
