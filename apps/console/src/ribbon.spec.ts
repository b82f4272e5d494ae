import { ribbon, type ClockEventLike } from './ribbon';

const ev = (at: string, action: string, extra: Partial<ClockEventLike> = {}): ClockEventLike => ({
  at,
  type: 'clock',
  action,
  clock: 'statutory',
  actorId: null,
  actorRole: null,
  ...extra,
});

describe('clock ribbon', () => {
  it('draws running, stopped (with who and why) and what is ahead until the deadline', () => {
    const events = [
      ev('2026-03-02T00:00:00Z', 'clock.start'),
      ev('2026-03-03T00:00:00Z', 'clock.stop', { actorId: 'u1', actorRole: 'verifier', reason: 'deficiency notice' }),
      ev('2026-03-05T00:00:00Z', 'clock.resume'),
      { ...ev('2026-03-05T00:00:00Z', 'clock.start'), clock: 'state' },
    ];
    const now = Date.parse('2026-03-06T00:00:00Z');
    const s = ribbon(events, now, '2026-03-10T00:00:00Z');
    expect(s.map((x) => x.kind)).toEqual(['running', 'stopped', 'running', 'ahead']);
    expect(s[1]).toMatchObject({ actorId: 'u1', actorRole: 'verifier', reason: 'deficiency notice', to: Date.parse('2026-03-05T00:00:00Z') });
    expect(s.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1);
    expect(s[1].share).toBeCloseTo(2 / 8);
  });

  it('ends at the finish, with nothing ahead; no events draws nothing', () => {
    const s = ribbon([ev('2026-03-02T00:00:00Z', 'clock.start'), ev('2026-03-04T00:00:00Z', 'clock.finish')], Date.parse('2026-03-09T00:00:00Z'), '2026-03-10T00:00:00Z');
    expect(s.map((x) => x.kind)).toEqual(['running']);
    expect(ribbon([], Date.now(), null)).toEqual([]);
  });

  it('a clock still stopped stays stopped until now', () => {
    const s = ribbon([ev('2026-03-02T00:00:00Z', 'clock.start'), ev('2026-03-03T00:00:00Z', 'clock.stop')], Date.parse('2026-03-04T00:00:00Z'), '2026-03-10T00:00:00Z');
    expect(s.map((x) => x.kind)).toEqual(['running', 'stopped']);
  });
});
