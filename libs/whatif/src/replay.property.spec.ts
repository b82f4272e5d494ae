import fc from 'fast-check';
import { compareWithRecord, replayCase } from '.';
import { liveRecord } from '../test-fixtures/live-engine';
import { calendarOfAgency, definition, SHIPPED_TYPES } from '../test-fixtures/shipped';

const HOUR = 3_600_000;
const defs = SHIPPED_TYPES.map((code) => definition(code));
const cals = new Map(defs.map((d) => [d.code, calendarOfAgency(d.agency)]));

const tick = fc.record({
  // mostly hours to a few days; sometimes weeks (deadlines and response windows run out)
  gapMs: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 * 24 * HOUR }), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 40 * 24 * HOUR }), weight: 2 }),
  pick: fc.option(fc.nat(20), { freq: 2 }),
});
const scenario = fc.record({
  type: fc.constantFrom(...defs.map((d) => d.code)),
  // submissions over 2025-2026, the years the shipped calendars list
  submittedAt: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 10, 30) }).map((ms) => new Date(ms)),
  ticks: fc.array(tick, { minLength: 0, maxLength: 14 }),
});

/**
 * Self-consistency: a history recorded by (a model of) the live engine, replayed under the rules
 * that produced it, gives back every recorded outcome exactly: the statutory deadline, breached
 * or not, escalated or not, deemed approved or not.
 */
describe('replay under the rules in force reproduces the record', () => {
  it('for generated histories of every shipped permit type', () => {
    const seen = { breached: 0, escalated: 0, deemed: 0, lapsed: 0, stopped: 0, notBreached: 0 };
    fc.assert(
      fc.property(scenario, ({ type, submittedAt, ticks }) => {
        const def = defs.find((d) => d.code === type)!;
        const cal = cals.get(type)!;
        const share = def.warningAt ?? 0.8;
        const { history, asOf } = liveRecord(def, cal, submittedAt, ticks, share);
        const r = replayCase(history, { definition: def, calendar: cal, warningShare: share, asOf });
        if (!r.fit) throw new Error(`did not fit: ${JSON.stringify(r.misfit)}`);
        expect(compareWithRecord(history.recorded!, r.outcome, asOf, 0)).toEqual([]);
        expect(r.outcome.gaps).toBe(0);
        seen.breached += Number(r.outcome.breached);
        seen.notBreached += Number(!r.outcome.breached);
        seen.escalated += Number(r.outcome.escalated);
        seen.deemed += Number(r.outcome.deemed);
        seen.lapsed += Number(history.steps.some((s) => s.action === 'response-timeout'));
        seen.stopped += Number(history.steps.some((s) => s.action === 'resubmit'));
      }),
      { numRuns: 500 },
    );
    // the generator reaches every outcome the check is about
    for (const [what, n] of Object.entries(seen)) expect([what, n > 5]).toEqual([what, true]);
  });

  it('a proposal identical to the rules in force changes nothing', () => {
    fc.assert(
      fc.property(scenario, ({ type, submittedAt, ticks }) => {
        const def = defs.find((d) => d.code === type)!;
        const cal = cals.get(type)!;
        const { history, asOf } = liveRecord(def, cal, submittedAt, ticks, def.warningAt ?? 0.8);
        const rules = { definition: def, calendar: cal, warningShare: def.warningAt ?? 0.8, asOf };
        const same = definition(type); // parsed again: another object, the same content
        expect(replayCase(history, { ...rules, definition: same })).toEqual(replayCase(history, rules));
      }),
      { numRuns: 100 },
    );
  });

  it('a longer statutory time never adds a breach, a shorter one never removes one (same path)', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 40 }), ({ type, submittedAt, ticks }, days) => {
        const def = defs.find((d) => d.code === type)!;
        if (def.onBreach === 'deemed-approval') return; // a deemed approval closes the case: paths diverge
        const cal = cals.get(type)!;
        const { history, asOf } = liveRecord(def, cal, submittedAt, ticks, def.warningAt ?? 0.8);
        const base = replayCase(history, { definition: def, calendar: cal, warningShare: 0.8, asOf });
        const other = replayCase(history, { definition: { ...def, processingTime: { workingDays: days } }, calendar: cal, warningShare: 0.8, asOf });
        if (!base.fit || !other.fit) return;
        if (days >= def.processingTime.workingDays && other.outcome.breached) expect(base.outcome.breached).toBe(true);
        if (days <= def.processingTime.workingDays && base.outcome.breached) expect(other.outcome.breached).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
