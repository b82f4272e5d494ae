import { canonicalJson } from '@tenggat/audit';
import { clockMath, WorkingCalendar } from '@tenggat/sla';
import {
  ANY_STATE,
  approvingFinalState,
  BUILT_IN_ROLES,
  DEFAULT_WARNING_AT,
  Effect,
  PermitTypeDefinition,
  TransitionDefinition,
  transitionEffects,
} from '@tenggat/workflow';
import { DateTime } from 'luxon';

/**
 * A case profile: one kind of case the seeder makes (a permit type in one state with one
 * outcome), with everything the SQL needs to build its rows. Profiles are derived from the
 * published definitions, so the seeded cases follow the shipped workflows: states, roles, the
 * actions that lead into each state, SLAs, response windows and breach policies.
 */
export interface Profile {
  pid: number;
  weight: number;
  permitType: string;
  prefix: string;
  version: number;
  agency: string;
  cal: string;
  tz: string;
  status: 'draft' | 'open' | 'closed';
  state: string;
  outcome: 'approved' | 'rejected' | 'withdrawn' | null;
  statWd: number;
  sharePm: number;
  /** The state whose SLA clock the case carries (running when open, finished when closed). */
  stState: string | null;
  stWd: number | null;
  initialState: string;
  isInitial: boolean;
  /** The state stops the statutory clock (a deficiency notice is open). */
  stopped: boolean;
  respDays: number | null;
  onTimeout: string | null;
  late: boolean;
  deemed: boolean;
  policy: string;
  /** Officer role that works the current state (open) or took the final decision (closed). */
  role: string | null;
  entryAction: string | null;
  entryRole: string | null;
  entryFrom: string | null;
  finalAction: string | null;
  finalRole: string | null;
  finalFrom: string | null;
  /** Open: submissions spread over this many calendar days before now. */
  maxAgeDays: number;
  /** Closed: submitted at least this many days before now. */
  minAgeDays: number;
  validityYears: number | null;
  form: Record<string, unknown>;
  missingDocument: string | null;
  /** Canonical JSON of the audit fields that are the same for every case of the profile. */
  draftAfter: string;
  entryBefore: string | null;
  entryAfter: string | null;
  entryData: string | null;
  entryComment: string | null;
  finalBefore: string | null;
  finalAfter: string | null;
  finalData: string | null;
  finalComment: string | null;
}

/** National volume is dominated by OSS verifications; local permits follow. Unknown types share the rest. */
const TYPE_WEIGHTS: Record<string, number> = {
  'sertifikat-standar': 0.35,
  pbg: 0.2,
  reklame: 0.17,
  'ukl-upl': 0.13,
  'siup-perikanan': 0.15,
};

/** Shares of a permit type's cases. */
const MIX = { draft: 0.05, open: 0.3, deficientOfOpen: 0.15, approved: 0.42, approvedLate: 0.08, rejected: 0.06, rejectedLate: 0.02, withdrawn: 0.07 };

const BUILT_IN: readonly string[] = BUILT_IN_ROLES;
const officerRole = (t: TransitionDefinition): string | null => t.roles.find((r) => !BUILT_IN.includes(r)) ?? null;
const actorRole = (t: TransitionDefinition): string => officerRole(t) ?? (t.roles.includes('applicant') ? 'applicant' : (t.roles[0] ?? 'system'));

export interface AgencyInfo {
  code: string;
  calendarId: string;
  timeZone: string;
}

export interface PinnedDefinition {
  code: string;
  version: number;
  definition: PermitTypeDefinition;
}

export function buildProfiles(types: readonly PinnedDefinition[], agencies: readonly AgencyInfo[]): Profile[] {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const weightOf = (code: string): number => TYPE_WEIGHTS[code] ?? 0.1;
  const total = types.reduce((s, t) => s + weightOf(t.code), 0);
  const out: Profile[] = [];
  for (const t of types) {
    const def = t.definition;
    const agency = byCode.get(def.agency);
    if (!agency) throw new Error(`permit type ${def.code}: agency ${def.agency} is not loaded`);
    const w = weightOf(t.code) / total;
    const states = Object.entries(def.states);
    const initial = def.initial ?? states[0][0];
    const open = states.filter(([, s]) => s.final === undefined);
    const stoppedStates = open.filter(([, s]) => s.clock === 'stopped');
    const working = open.filter(([, s]) => s.clock !== 'stopped');
    const deemed = def.onBreach === 'deemed-approval';
    const statWd = def.processingTime.workingDays;
    const base = {
      permitType: t.code,
      prefix: t.code.toUpperCase(),
      version: t.version,
      agency: agency.code,
      cal: agency.calendarId,
      tz: agency.timeZone,
      statWd,
      sharePm: Math.round((def.warningAt ?? DEFAULT_WARNING_AT) * 1000),
      initialState: initial,
      deemed: false,
      policy: def.onBreach,
      validityYears: def.validity?.years ?? null,
      form: sampleForm(def),
      respDays: null,
      onTimeout: null,
      stopped: false,
      late: false,
      entryAction: null,
      entryRole: null,
      entryFrom: null,
      finalAction: null,
      finalRole: null,
      finalFrom: null,
      missingDocument: null,
      maxAgeDays: 0,
      minAgeDays: 0,
      draftAfter: '',
      entryBefore: null,
      entryAfter: null,
      entryData: null,
      entryComment: null,
      finalBefore: null,
      finalAfter: null,
      finalData: null,
      finalComment: null,
    };
    const slaOf = (state: string | null): number | null => (state ? (def.states[state]?.sla?.workingDays ?? null) : null);
    const entry = (state: string): TransitionDefinition | undefined =>
      def.transitions.find((x) => x.to === state && x.from !== ANY_STATE && x.from !== state && def.states[x.from]?.clock !== 'stopped') ??
      def.transitions.find((x) => x.to === state && x.from !== ANY_STATE && x.from !== state);
    // open cases of a deemed-approval type are never past their statutory deadline (the engine approves them)
    const openAge = deemed ? statWd * 0.95 : statWd * 1.4 * 1.35;

    out.push({ ...base, pid: 0, weight: w * MIX.draft, status: 'draft', state: 'draft', outcome: null, stState: null, stWd: null, isInitial: false, role: null });

    for (const [name, s] of working) {
      const e = name === initial ? undefined : entry(name);
      out.push({
        ...base,
        pid: 0,
        weight: (w * MIX.open * (1 - MIX.deficientOfOpen)) / working.length,
        status: 'open',
        state: name,
        outcome: null,
        stState: s.sla ? name : null,
        stWd: s.sla?.workingDays ?? null,
        isInitial: name === initial,
        role: s.role ?? (def.transitions.filter((x) => x.from === name).map(officerRole).find((r) => r !== null) || null),
        entryAction: e?.action ?? null,
        entryRole: e ? actorRole(e) : null,
        entryFrom: e?.from ?? null,
        maxAgeDays: openAge,
      });
    }
    for (const [name, s] of stoppedStates) {
      const e = entry(name);
      const resp = s.applicantResponse;
      out.push({
        ...base,
        pid: 0,
        weight: (w * MIX.open * MIX.deficientOfOpen) / stoppedStates.length,
        status: 'open',
        state: name,
        outcome: null,
        stState: null,
        stWd: null,
        isInitial: false,
        stopped: true,
        respDays: resp?.calendarDays ?? Math.ceil((resp?.workingDays ?? 10) * 1.4),
        onTimeout: resp?.onTimeout ?? null,
        role: null,
        entryAction: e?.action ?? null,
        entryRole: e ? actorRole(e) : null,
        entryFrom: e?.from ?? null,
        missingDocument: def.requirements[0]?.code ?? null,
        maxAgeDays: statWd * 1.2,
      });
    }

    const finals = (outcome: 'approved' | 'rejected' | 'withdrawn'): TransitionDefinition | undefined => {
      const target = states.find(([, s]) => s.final === outcome)?.[0];
      return def.transitions.find((x) => x.to === target && x.from !== ANY_STATE) ?? def.transitions.find((x) => x.to === target);
    };
    const closed = (
      outcome: 'approved' | 'rejected' | 'withdrawn',
      weight: number,
      late: boolean,
      deemedApproval = false,
    ): void => {
      const tr = finals(outcome);
      const target = outcome === 'approved' && deemedApproval ? approvingFinalState(def) : tr?.to;
      if (!target) return;
      const from = tr && tr.from !== ANY_STATE ? tr.from : initial;
      const stState = slaOf(from) !== null ? from : slaOf(initial) !== null ? initial : null;
      out.push({
        ...base,
        pid: 0,
        weight,
        status: 'closed',
        state: target,
        outcome,
        stState,
        stWd: slaOf(stState),
        isInitial: false,
        late,
        deemed: deemedApproval,
        role: tr ? officerRole(tr) : null,
        finalAction: deemedApproval ? 'deemed-approval' : (tr?.action ?? null),
        finalRole: deemedApproval ? 'system' : tr ? actorRole(tr) : 'applicant',
        finalFrom: from,
        minAgeDays: late ? statWd * 1.5 + 12 : outcome === 'withdrawn' ? 2 : statWd * 1.5,
      });
    };
    closed('approved', w * MIX.approved, false);
    closed('approved', w * MIX.approvedLate, true, deemed);
    closed('rejected', w * MIX.rejected, false);
    closed('rejected', w * MIX.rejectedLate, !deemed); // a deemed type cannot be decided late: silence approves it
    closed('withdrawn', w * MIX.withdrawn, false);
  }
  const sum = out.reduce((s, p) => s + p.weight, 0);
  const defs = new Map(types.map((t) => [t.code, t.definition]));
  return out.map((p, i) => withEventTexts({ ...p, pid: i + 1, weight: p.weight / sum }, defs.get(p.permitType) as PermitTypeDefinition));
}

const effectNames = (effects: readonly Effect[]): string[] => effects.map((e) => `${e.kind}${'op' in e ? `:${e.op}` : ''}`);

/** The audit fields of the profile's transitions, as CaseActionsService writes them. */
function withEventTexts(p: Profile, def: PermitTypeDefinition): Profile {
  const requiresComment = (action: string | null): boolean =>
    def.transitions.some((t) => t.action === action && (t.requires ?? []).includes('comment'));
  let entry: Pick<Profile, 'entryBefore' | 'entryAfter' | 'entryData' | 'entryComment'> = { entryBefore: null, entryAfter: null, entryData: null, entryComment: null };
  if (p.entryAction && p.entryFrom) {
    const missing = p.stopped && p.missingDocument ? [p.missingDocument] : [];
    const comment = p.stopped ? `Dokumen belum lengkap: ${p.missingDocument ?? '-'}` : requiresComment(p.entryAction) ? 'Diperiksa, lanjut' : null;
    entry = {
      entryBefore: canonicalJson({ state: p.entryFrom, version: 2 }),
      entryAfter: canonicalJson({ state: p.state, version: 3 }),
      entryData: canonicalJson({
        effects: effectNames(transitionEffects(def, p.entryFrom, p.state, { ...(comment ? { comment } : {}), missingDocuments: missing })),
        ...(missing.length ? { missingDocuments: missing } : {}),
      }),
      entryComment: comment,
    };
  }
  let fin: Pick<Profile, 'finalBefore' | 'finalAfter' | 'finalData' | 'finalComment'> = { finalBefore: null, finalAfter: null, finalData: null, finalComment: null };
  if (p.status === 'closed' && p.finalAction && p.finalFrom) {
    const comment = p.deemed
      ? 'statutory processing time exceeded: approved by law (deemed approval)'
      : requiresComment(p.finalAction)
        ? 'Keputusan diambil'
        : null;
    fin = {
      finalBefore: canonicalJson({ state: p.finalFrom, version: 3 }),
      finalAfter: canonicalJson({ state: p.state, version: 4, outcome: p.outcome }),
      finalData: canonicalJson({
        effects: effectNames(transitionEffects(def, p.finalFrom, p.state, comment ? { comment } : {})),
        ...(p.deemed ? { deemedApproval: true } : {}),
      }),
      finalComment: comment,
    };
  }
  return { ...p, draftAfter: canonicalJson({ permitType: p.permitType, state: 'draft' }), ...entry, ...fin };
}

/** Form data every required field of the permit type accepts (as the e2e fixtures build it). */
export function sampleForm(def: PermitTypeDefinition): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  for (const f of def.form.fields) {
    if (f.enum) form[f.name] = f.enum[0];
    else if (f.type === 'boolean') form[f.name] = false;
    else if (f.type === 'integer' || f.type === 'number') form[f.name] = Math.max(f.min ?? 1, 1);
    else if (f.type === 'date') form[f.name] = '2026-12-01';
    else if (f.type === 'email') form[f.name] = 'kontak@usaha.example';
    else if (f.pattern && /^\^\[0-9\]\{(\d+)\}\$$/.test(f.pattern)) form[f.name] = '1'.repeat(Number(/\{(\d+)\}/.exec(f.pattern)?.[1] ?? 1));
    else form[f.name] = `Contoh ${f.label}`.slice(0, f.maxLength ?? 200);
  }
  return form;
}

/** One precomputed schedule: a clock started on local `day` with `wd` working days. */
export interface SchedRow {
  cal: string;
  day: string;
  wd: number;
  sharePm: number;
  runStartedAt: Date;
  deadlineAt: Date;
  warnAt: Date;
  provisional: boolean;
}

/**
 * Deadlines and warning instants by the real clock maths and calendars, for every
 * (calendar, working days, warning share) the profiles use and every local start day in
 * [from, to]. A clock's schedule depends only on the local day it started (counting begins at
 * the next local midnight), so this table is exact for every seeded clock.
 */
export function buildSchedule(profiles: readonly Profile[], calendars: ReadonlyMap<string, WorkingCalendar>, from: Date, to: Date): SchedRow[] {
  const keys = new Map<string, { cal: string; tz: string; wd: number; sharePm: number }>();
  for (const p of profiles) {
    for (const wd of [p.statWd, p.stWd]) {
      if (wd === null || p.status === 'draft') continue;
      keys.set(`${p.cal}|${wd}|${p.sharePm}`, { cal: p.cal, tz: p.tz, wd, sharePm: p.sharePm });
    }
  }
  const rows: SchedRow[] = [];
  for (const k of keys.values()) {
    const cal = calendars.get(k.cal);
    if (!cal) throw new Error(`calendar ${k.cal} is not loaded`);
    let day = DateTime.fromJSDate(from, { zone: k.tz }).startOf('day');
    const end = DateTime.fromJSDate(to, { zone: k.tz }).startOf('day');
    while (day <= end) {
      const at = day.plus({ hours: 10 }).toJSDate(); // any instant of the day gives the same schedule
      const state = clockMath.start(cal, k.wd * clockMath.DAY_MS, at);
      const s = clockMath.scheduleOf(cal, state, k.sharePm / 1000);
      rows.push({
        cal: k.cal,
        day: day.toISODate() as string,
        wd: k.wd,
        sharePm: k.sharePm,
        runStartedAt: state.runStartedAt as Date,
        deadlineAt: s.deadline,
        warnAt: s.warnAt,
        provisional: s.provisional,
      });
      day = day.plus({ days: 1 });
    }
  }
  return rows;
}

/** The reference instant of the data: the latest weekday 10:00 in Jakarta (03:00 UTC) not after `now`. */
export function referenceInstant(now: Date): Date {
  let t = DateTime.fromJSDate(now, { zone: 'UTC' }).set({ hour: 3, minute: 0, second: 0, millisecond: 0 });
  if (t.toMillis() > now.getTime()) t = t.minus({ days: 1 });
  while (t.setZone('Asia/Jakarta').weekday > 5) t = t.minus({ days: 1 });
  return t.toJSDate();
}
