import { changesBetween, type CaseSnapshot } from './changes';

const base: CaseSnapshot = { version: 3, state: 'verification', stateLabel: 'Verifikasi', assigneeId: 'a', deficiencyNotices: { sent: 0 }, documents: [{ id: 'd1' }], deadline: 'x' };

describe('what changed under me', () => {
  it('lists state, holder, notices, documents and deadline changes', () => {
    const now: CaseSnapshot = { ...base, version: 5, state: 'deficient', stateLabel: 'Kurang', assigneeId: 'b', deficiencyNotices: { sent: 1 }, documents: [{ id: 'd1' }, { id: 'd2' }], deadline: 'y' };
    expect(changesBetween(base, now)).toEqual([
      { field: 'state', from: 'Verifikasi', to: 'Kurang' },
      { field: 'assignee', from: 'a', to: 'b' },
      { field: 'notices', from: 0, to: 1 },
      { field: 'documents', from: 1, to: 2 },
      { field: 'deadline', from: 'x', to: 'y' },
    ]);
  });

  it('nothing when only the version moved', () => {
    expect(changesBetween(base, { ...base, version: 4 })).toEqual([]);
  });
});
