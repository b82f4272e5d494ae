import { calendarsFromTexts } from './calendar-set';

const root = 'id: nat\nname: N\ntimeZone: Asia/Jakarta\nweekend: [6, 7]\nextends: null\n';
const child = 'id: kid\nname: K\nextends: nat\nextraDays: [{date: 2026-04-07, name: X}]\n';

describe('calendarsFromTexts', () => {
  it('parses and resolves a set of texts', () => {
    const r = calendarsFromTexts([child, root]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.calendars.map((c) => [c.id, c.timeZone, c.chain])).toEqual([
        ['kid', 'Asia/Jakarta', ['kid', 'nat']],
        ['nat', 'Asia/Jakarta', ['nat']],
      ]);
    }
  });

  it('returns parse faults tagged with the text index and id', () => {
    const r = calendarsFromTexts([root, 'id: broken\nname: B\nweekend: [9]\n']);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.faults).toEqual([
        { text: 1, calendarId: 'broken', path: 'timeZone', message: expect.any(String) },
        { text: 1, calendarId: 'broken', path: 'weekend[0]', message: expect.any(String) },
      ]);
    }
  });

  it('reports duplicate ids and unknown parents against the right text', () => {
    const dup = calendarsFromTexts([root, root]);
    expect(!dup.ok && dup.faults).toEqual([{ text: 1, calendarId: 'nat', path: 'id', message: expect.stringMatching(/duplicate/) }]);
    const orphan = calendarsFromTexts([child]);
    expect(!orphan.ok && orphan.faults).toEqual([{ text: 0, calendarId: 'kid', path: 'extends', message: "extends unknown calendar 'nat'" }]);
  });

  it('accepts an empty set', () => {
    expect(calendarsFromTexts([])).toEqual({ ok: true, calendars: [] });
  });
});
