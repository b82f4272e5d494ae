import { DecisionRollup, DecisionRollupFilter, mergeDistributions, percentileOf } from '@tenggat/oversight';

describe('decision roll-up distributions', () => {
  it('adds distributions bucket by bucket', () => {
    expect(mergeDistributions({ '15': 3 }, { '15': 1, '20': 2 }, {})).toEqual({ '15': 4, '20': 2 });
  });

  it('reads percentiles as percentile_cont does, in working days', () => {
    // 1.5, 1.5, 7.5 working days (the oversight e2e's three cases)
    const h = { '15': 2, '75': 1 };
    expect(percentileOf(h, 0.5)).toBe(1.5);
    expect(percentileOf(h, 0.9)).toBeCloseTo(6.3, 10); // 1.5 + 0.8 * (7.5 - 1.5)
    expect(percentileOf({ '10': 1, '20': 1 }, 0.5)).toBeCloseTo(1.5, 10); // interpolated between neighbours
    expect(percentileOf({ '42': 1 }, 0.9)).toBe(4.2);
  });

  it('has no percentile of an empty distribution', () => {
    expect(percentileOf({}, 0.5)).toBeNull();
    expect(percentileOf({ '10': 0 }, 0.5)).toBeNull();
  });

  it('describes a month of one agency, permit type and outcome', () => {
    const filter: DecisionRollupFilter = { from: '2026-01', to: '2026-12', outcomes: ['approved'] };
    const row: Pick<DecisionRollup, 'month' | 'outcome'> = { month: filter.from, outcome: 'approved' };
    expect(row.month).toBe('2026-01');
  });
});
