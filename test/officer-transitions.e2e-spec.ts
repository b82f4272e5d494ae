import { CatalogueService } from '@tenggat/catalogue';
import {
  clockStopped,
  expandTransitions,
  initialState,
  isFinal,
  parseDefinition,
  PermitTypeDefinition,
  ResolvedTransition,
  transitionsFrom,
} from '@tenggat/workflow';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { caseRow, staff } from './support/officers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Every transition of every shipped permit type, generated from the definitions (a new file in
 * config/permit-types is covered without touching this test): for each transition a fresh case
 * is driven through HTTP along the shortest path to the transition's source state, the action is
 * tried with every wrong kind of actor (403, nothing changes) and then taken by the right role.
 */
const DIR = join(__dirname, '..', 'config', 'permit-types');
const SHIPPED: PermitTypeDefinition[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const parsed = parseDefinition(readFileSync(join(DIR, f), 'utf8'));
    if (!parsed.ok) throw new Error(`${f}: ${JSON.stringify(parsed.faults)}`);
    return parsed.definition;
  });

const name = (t: ResolvedTransition): string => `${t.from} --${t.action}--> ${t.to} [${t.roles.join(', ')}]`;

/** Shortest path of transitions from the initial state to `target`, respecting the deficiency-notice cap. */
function pathTo(def: PermitTypeDefinition, target: string): { path: ResolvedTransition[]; notices: number } {
  const start = { state: initialState(def), notices: 0, path: [] as ResolvedTransition[] };
  const seen = new Set([`${start.state}#0`]);
  const queue = [start];
  while (queue.length) {
    const cur = queue.shift()!;
    if (cur.state === target) return cur;
    if (isFinal(def, cur.state)) continue;
    for (const t of transitionsFrom(def, cur.state)) {
      const notice = clockStopped(def, t.to);
      if (notice && cur.notices >= def.deficiencyNotices.max) continue;
      const next = { state: t.to, notices: cur.notices + (notice ? 1 : 0), path: [...cur.path, t] };
      const key = `${next.state}#${next.notices}`;
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  throw new Error(`${def.code}: state ${target} is unreachable`);
}

describe.each(SHIPPED.map((d) => [d.code, d] as const))('every transition of %s, through HTTP', (code, shipped) => {
  let t: TestApp;
  let def: PermitTypeDefinition;
  let applicant: TestUser;
  const officers = new Map<string, TestUser>();

  const inputFor = (tr: ResolvedTransition): Record<string, unknown> => ({
    action: tr.action,
    ...(tr.requires.includes('comment') ? { comment: `catatan: ${tr.action}` } : {}),
    ...(tr.requires.includes('missingDocuments') ? { missingDocuments: [def.requirements[0].code] } : {}),
  });
  const rightActor = (tr: ResolvedTransition): TestUser => (tr.roles.includes('applicant') ? applicant : officers.get(tr.roles.find((r) => officers.has(r))!)!);
  /** Everyone of the agency (and the applicant) who must not take this transition. */
  const wrongActors = (tr: ResolvedTransition): [string, TestUser][] => [
    ...[...officers].filter(([role]) => !tr.roles.includes(role)),
    ...(tr.roles.includes('applicant') ? [] : [['applicant', applicant] as [string, TestUser]]),
  ];

  /** A transition that waits for the fee (`requires: [feePaid]`): an officer records the payment first. */
  const payIfRequired = async (id: string, tr: ResolvedTransition): Promise<void> => {
    if (!tr.requires.includes('feePaid')) return;
    const officer = [...officers.values()][0];
    const paid = await request(t.http).post(`/v1/applications/${id}/fee/payment`).set(officer.auth).send({ reference: `BANK-${id.slice(0, 8)}` });
    expect([200, 201, 409]).toContain(paid.status); // 409: paid already on the way here
  };

  beforeAll(async () => {
    t = await createTestApp();
    def = (await t.app.get(CatalogueService).current(code)).definition;
    applicant = await registerApplicant(t.http);
    for (const role of def.roles) officers.set(role, await staff(t, def.agency, [role]));
  });
  afterAll(() => t.close());

  it('is published as shipped', () => {
    expect(expandTransitions(def).map(name)).toEqual(expandTransitions(shipped).map(name));
  });

  it.each(expandTransitions(shipped).map((tr) => [name(tr), tr] as const))('%s', async (_n, tr) => {
    const { id } = await submitted(t, applicant, code);
    const { path, notices } = pathTo(def, tr.from);
    for (const step of path) {
      await payIfRequired(id, step);
      const res = await act(t, rightActor(step), id, inputFor(step));
      if (res.status !== 200) throw new Error(`${name(step)} on the way to ${tr.from} answered ${res.status}: ${JSON.stringify(res.body)}`);
      expect(res.body.state).toBe(step.to);
    }
    await payIfRequired(id, tr);
    const before = await caseRow(t, id);
    expect(before.state).toBe(tr.from);

    for (const [who, actor] of wrongActors(tr)) {
      const refused = await act(t, actor, id, inputFor(tr));
      if (refused.status !== 403) throw new Error(`${name(tr)} as ${who} answered ${refused.status}: ${JSON.stringify(refused.body)}`);
      expect(refused.body).toMatchObject({ code: 'forbidden-role', roles: tr.roles });
    }
    expect(await caseRow(t, id)).toEqual(before);

    const res = await act(t, rightActor(tr), id, inputFor(tr));
    if (clockStopped(def, tr.to) && notices >= def.deficiencyNotices.max) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('deficiency-cap-reached');
      return;
    }
    if (res.status !== 200) throw new Error(`${name(tr)} answered ${res.status}: ${JSON.stringify(res.body)}`);
    expect(res.body).toMatchObject({ state: tr.to, version: before.version + 1 });
    const statutory = res.body.clocks.find((c: { kind: string }) => c.kind === 'statutory');
    const final = def.states[tr.to].final;
    if (final) {
      expect(res.body).toMatchObject({ status: 'closed', outcome: final });
      expect(statutory.status).toBe('finished');
      if (final === 'approved') expect(res.body.permit).toMatchObject({ permitNumber: expect.any(String), deemedApproval: false });
      else expect(res.body.permit).toBeNull();
      const decision = await request(t.http).get(`/v1/applications/${id}/decision`).set(applicant.auth);
      expect(decision.status).toBe(final === 'approved' ? 200 : 404);
    } else {
      expect(res.body.status).toBe('open');
      expect(statutory.status).toBe(clockStopped(def, tr.to) ? 'stopped' : 'running');
    }
  });
});
