import { DataSource, EntityManager } from 'typeorm';
import { ClockWriteBatch } from './clock-write-batch';
import { ClockEntity } from './clock.entity';

const CASE = '11111111-1111-4111-8111-111111111111';
const m = {} as EntityManager;
const at = (day: number): Date => new Date(Date.UTC(2026, 10, day));

function clock(over: Partial<ClockEntity>): ClockEntity {
  return Object.assign(new ClockEntity(), {
    id: `c-${Math.random()}`,
    applicationId: CASE,
    kind: 'state',
    stateName: 'review',
    status: 'running',
    epoch: 1,
    startedAt: at(1),
    ...over,
  });
}

describe('ClockWriteBatch: the clock steps of one case, kept instead of sent', () => {
  it('answers the latest clock as ClockRepository.latest does: statutory in any status, the others running only', async () => {
    const oldStatutory = clock({ kind: 'statutory', stateName: null, status: 'finished', startedAt: at(1) });
    const statutory = clock({ kind: 'statutory', stateName: null, status: 'stopped', startedAt: at(3) });
    const finishedState = clock({ stateName: 'review', status: 'finished', startedAt: at(4) });
    const runningState = clock({ stateName: 'review', startedAt: at(2) });
    const other = clock({ stateName: 'approval', startedAt: at(5) });
    const batch = new ClockWriteBatch({} as DataSource, CASE, [oldStatutory, statutory, finishedState, runningState, other]);
    expect(await batch.latest(m, CASE, 'statutory', null)).toBe(statutory);
    expect(await batch.latest(m, CASE, 'state', 'review')).toBe(runningState);
    expect(await batch.latest(m, CASE, 'response', 'deficient')).toBeNull();
    // a clock started in the batch is found too
    const started = await batch.start(m, clock({ id: undefined, kind: 'response', stateName: 'deficient', startedAt: at(6) }));
    expect(started.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(started).toMatchObject({ warnedAt: null, breachedAt: null, stops: 0, stoppedMs: 0, provisional: false });
    expect(await batch.latest(m, CASE, 'response', 'deficient')).toBe(started);
  });

  it('keeps each step with the epoch it read; a clock stepped twice keeps the first epoch, one started in the batch is inserted as it ends up', async () => {
    const a = clock({ epoch: 4 });
    const batch = new ClockWriteBatch({} as DataSource, CASE, [a]);
    expect(batch.isEmpty()).toBe(true);
    a.epoch = 5;
    await batch.stop(m, a, 4);
    a.epoch = 6;
    await batch.finish(m, a, 5);
    expect(batch.advanced).toEqual([{ clock: a, fromEpoch: 4, step: 'stop' }]);
    const b = await batch.start(m, clock({ id: undefined }));
    await batch.finish(m, b, 1);
    expect(batch.started).toEqual([b]);
    expect(batch.advanced).toHaveLength(1);
    expect(batch.touched()).toEqual([b, a]);
    await expect(batch.rearm()).rejects.toThrow(/not batched/);
  });
});
