import type { Mismatch, RecordedOutcome, ReplayOutcome } from './whatif.types';

/**
 * Where a replay under the rules that were in force differs from the record: the statutory
 * deadline, breached or not, escalated or not, deemed approved or not. A breach the replay puts
 * within `graceMs` before `asOf` is not a difference yet: the engine's timer (or the reconciler,
 * every minute) may not have flagged it.
 */
export function compareWithRecord(recorded: RecordedOutcome, replayed: ReplayOutcome, asOf: Date, graceMs = 5 * 60_000): Mismatch[] {
  const out: Mismatch[] = [];
  const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
  if (iso(recorded.deadline) !== iso(replayed.deadline)) out.push({ field: 'deadline', recorded: iso(recorded.deadline), replayed: iso(replayed.deadline) });
  const pending = replayed.breachedAt !== null && replayed.breachedAt.getTime() > asOf.getTime() - graceMs;
  if (recorded.breached !== replayed.breached && !(pending && !recorded.breached)) {
    out.push({ field: 'breached', recorded: String(recorded.breached), replayed: String(replayed.breached) });
  }
  if (recorded.escalated !== replayed.escalated && !(pending && !recorded.escalated)) {
    out.push({ field: 'escalated', recorded: String(recorded.escalated), replayed: String(replayed.escalated) });
  }
  if (recorded.deemed !== replayed.deemed && !(pending && !recorded.deemed)) {
    out.push({ field: 'deemed', recorded: String(recorded.deemed), replayed: String(replayed.deemed) });
  }
  return out;
}
