import fc from 'fast-check';
import { alarmJobId, coalesce, TimerKind } from './sla.queues';

const timer = fc.record({
  kind: fc.constantFrom<TimerKind>('warning', 'deadline'),
  dueAt: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_100_000 }).map((ms) => new Date(ms)),
  cancel: fc.option(fc.boolean(), { nil: undefined }),
});

describe('coalesce (one alarm per due instant and kind)', () => {
  it('20,000 timers at one instant are one alarm', () => {
    const at = new Date('2026-12-01T10:00:00.000Z'); // 17:00 WIB, the end of a working day
    const timers = Array.from({ length: 20_000 }, () => ({ kind: 'deadline' as const, dueAt: new Date(at.getTime()) }));
    expect(coalesce(timers)).toEqual([{ kind: 'deadline', dueAt: at }]);
  });

  it('keeps exactly the distinct (kind, instant) pairs of the armed timers, soonest first, and arms nothing for a cancelled one', () => {
    fc.assert(
      fc.property(fc.array(timer, { maxLength: 200 }), (timers) => {
        const alarms = coalesce(timers);
        const expected = new Set(timers.filter((t) => !t.cancel).map((t) => alarmJobId(t)));
        expect(new Set(alarms.map(alarmJobId))).toEqual(expected);
        expect(alarms).toHaveLength(expected.size); // no alarm twice
        for (let i = 1; i < alarms.length; i++) expect(alarms[i].dueAt.getTime()).toBeGreaterThanOrEqual(alarms[i - 1].dueAt.getTime());
      }),
    );
  });

  it('job ids are deterministic per instant and kind and tell the kinds apart', () => {
    const dueAt = new Date(1_700_000_000_123);
    expect(alarmJobId({ kind: 'deadline', dueAt })).toBe('due.deadline.1700000000123');
    expect(alarmJobId({ kind: 'warning', dueAt })).not.toBe(alarmJobId({ kind: 'deadline', dueAt }));
    expect(alarmJobId({ kind: 'deadline', dueAt })).not.toContain(':'); // BullMQ forbids ':' in custom ids
  });
});
