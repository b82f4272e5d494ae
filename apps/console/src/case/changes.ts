/** What changed in a case between the version I acted on and the current one. Pure. */

export interface CaseSnapshot {
  version: number;
  state: string;
  stateLabel: string | null;
  assigneeId: string | null;
  deficiencyNotices: { sent?: number };
  documents: readonly { id: string }[];
  deadline: string | null;
}

export type Change =
  | { field: 'state'; from: string; to: string }
  | { field: 'assignee'; from: string | null; to: string | null }
  | { field: 'notices'; from: number; to: number }
  | { field: 'documents'; from: number; to: number }
  | { field: 'deadline'; from: string | null; to: string | null };

export function changesBetween(mine: CaseSnapshot, now: CaseSnapshot): Change[] {
  const out: Change[] = [];
  if (mine.state !== now.state) out.push({ field: 'state', from: mine.stateLabel ?? mine.state, to: now.stateLabel ?? now.state });
  if (mine.assigneeId !== now.assigneeId) out.push({ field: 'assignee', from: mine.assigneeId, to: now.assigneeId });
  if ((mine.deficiencyNotices.sent ?? 0) !== (now.deficiencyNotices.sent ?? 0))
    out.push({ field: 'notices', from: mine.deficiencyNotices.sent ?? 0, to: now.deficiencyNotices.sent ?? 0 });
  const ids = (d: readonly { id: string }[]) => d.map((x) => x.id).sort().join();
  if (ids(mine.documents) !== ids(now.documents)) out.push({ field: 'documents', from: mine.documents.length, to: now.documents.length });
  if (mine.deadline !== now.deadline) out.push({ field: 'deadline', from: mine.deadline, to: now.deadline });
  return out;
}
