/** The statutory clock as segments over time, from its clock events. Pure. */

export interface ClockEventLike {
  at: string;
  type: string;
  action: string;
  clock?: string;
  actorId: string | null;
  actorRole: string | null;
  reason?: string | null;
}

export interface Segment {
  kind: 'running' | 'stopped' | 'ahead';
  from: number;
  to: number;
  /** Share of the ribbon, 0..1. */
  share: number;
  /** For stops: who stopped the clock and why. */
  actorId?: string | null;
  actorRole?: string | null;
  reason?: string | null;
}

/**
 * Segments of one clock (default: statutory): running from each start/resume, stopped from each
 * stop, up to its finish or now; then, while it runs, what is ahead until the deadline.
 */
export function ribbon(events: readonly ClockEventLike[], now: number, deadline: string | null, clock = 'statutory'): Segment[] {
  const mine = events.filter((e) => e.type === 'clock' && (e.clock ?? 'statutory') === clock).sort((a, b) => a.at.localeCompare(b.at));
  const out: Omit<Segment, 'share'>[] = [];
  let open: Omit<Segment, 'share' | 'to'> | null = null;
  const close = (at: number) => {
    if (open && at > open.from) out.push({ ...open, to: at });
    open = null;
  };
  let finished = false;
  for (const e of mine) {
    const at = Date.parse(e.at);
    switch (e.action) {
      case 'clock.start':
      case 'clock.resume':
        close(at);
        open = { kind: 'running', from: at };
        break;
      case 'clock.stop':
        close(at);
        open = { kind: 'stopped', from: at, actorId: e.actorId, actorRole: e.actorRole, reason: e.reason ?? null };
        break;
      case 'clock.finish':
        close(at);
        finished = true;
        break;
      default:
        break;
    }
  }
  const lastOpen: Omit<Segment, 'share' | 'to'> | null = open;
  close(now);
  const end = deadline ? Date.parse(deadline) : NaN;
  if (!finished && lastOpen?.kind === 'running' && end > now) out.push({ kind: 'ahead', from: now, to: end });
  const first = out[0]?.from;
  const last = out[out.length - 1]?.to;
  if (first === undefined || last === undefined || last <= first) return [];
  return out.map((s) => ({ ...s, share: (s.to - s.from) / (last - first) }));
}
