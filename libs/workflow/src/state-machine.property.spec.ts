import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  applyAction,
  BUILT_IN_ROLES,
  clockStopped,
  initialEffects,
  initialState,
  isFinal,
  listActions,
  parseDefinition,
  timeoutTransition,
  type Effect,
  type PermitTypeDefinition,
} from '@tenggat/workflow';

const TYPES = join(__dirname, '..', '..', '..', 'config', 'permit-types');
const shipped: Array<[string, PermitTypeDefinition]> = readdirSync(TYPES)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const result = parseDefinition(readFileSync(join(TYPES, file), 'utf8'));
    if (!result.ok) throw new Error(`${file} does not validate`);
    return [file, result.definition];
  });

/** What the other modules would hold, rebuilt from nothing but the effects. */
interface Model {
  state: string;
  sent: number;
  statutory: 'running' | 'stopped' | 'finished';
  stateClocks: Set<string>;
  windows: Set<string>;
}

function carryOut(model: Model, effects: readonly Effect[]): void {
  for (const e of effects) {
    switch (e.kind) {
      case 'statutory-clock':
        switch (e.op) {
          case 'start':
            throw new Error('statutory clock started twice');
          case 'stop':
            expect(model.statutory).toBe('running');
            model.statutory = 'stopped';
            break;
          case 'resume':
            expect(model.statutory).toBe('stopped');
            model.statutory = 'running';
            break;
          case 'finish':
            expect(model.statutory).not.toBe('finished');
            model.statutory = 'finished';
            break;
          default: {
            const _never: never = e;
            throw new Error(`unexpected ${String(_never)}`);
          }
        }
        break;
      case 'state-clock':
        if (e.op === 'start') {
          expect(model.stateClocks.has(e.state)).toBe(false);
          model.stateClocks.add(e.state);
        } else {
          expect(model.stateClocks.delete(e.state)).toBe(true);
        }
        break;
      case 'response-window':
        if (e.op === 'start') {
          expect(model.windows.has(e.state)).toBe(false);
          model.windows.add(e.state);
        } else {
          expect(model.windows.delete(e.state)).toBe(true);
        }
        break;
      case 'deficiency-notice':
        expect(e.missingDocuments.length).toBeGreaterThan(0);
        model.sent += 1;
        break;
      case 'decision':
        break;
      default: {
        const _never: never = e;
        throw new Error(`unexpected effect ${String(_never)}`);
      }
    }
  }
}

function step(def: PermitTypeDefinition) {
  const actions = [...new Set(def.transitions.map((t) => t.action)), 'no-such-action'];
  const roles = [...def.roles, ...BUILT_IN_ROLES];
  const documents = [...def.requirements.map((r) => r.code), 'not-a-document'];
  return fc.oneof(
    { weight: 9, arbitrary: fc.record({
      kind: fc.constant('act' as const),
      action: fc.constantFrom(...actions),
      roles: fc.subarray(roles, { minLength: 1, maxLength: 2 }),
      isOwner: fc.boolean(),
      comment: fc.option(fc.constantFrom('', '  ', 'Catatan petugas'), { nil: undefined }),
      missingDocuments: fc.option(fc.subarray(documents), { nil: undefined }),
    }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('timeout' as const) }) },
    // a well-formed step by someone entitled to it, so that runs get deep into the workflow
    { weight: 12, arbitrary: fc.record({ kind: fc.constant('guided' as const), pick: fc.nat() }) },
  );
}

describe.each(shipped)('state machine properties on %s', (_file, def) => {
  const roles = [...def.roles, ...BUILT_IN_ROLES];
  it('stays within declared states, keeps the clocks consistent, and closes for good', () => {
    const visited = new Set<string>();
    fc.assert(
      fc.property(fc.array(step(def), { maxLength: 40 }), (steps) => {
        const model: Model = { state: initialState(def), sent: 0, statutory: 'running', stateClocks: new Set(), windows: new Set() };
        carryOut(model, initialEffects(def).slice(1));
        for (const s of steps) {
          const ctx = { state: model.state, deficiencyNoticesSent: model.sent, feeSettled: true };
          if (s.kind === 'guided') {
            // forward-looking: withdrawing is left to the random steps, or it would end most runs early
            const options = listActions(def, ctx, { roles, isOwner: true }).filter((o) => o.allowed && o.action !== 'withdraw');
            if (options.length === 0) continue;
            const option = options[s.pick % options.length];
            const result = applyAction(def, ctx, { roles: option.roles, isOwner: true }, {
              action: option.action,
              comment: 'Catatan',
              missingDocuments: [def.requirements[0].code],
            });
            if (!result.ok) throw new Error(`${option.action} was offered but refused: ${result.error.code}`);
            carryOut(model, result.effects);
            model.state = result.to;
          } else if (s.kind === 'timeout') {
            const timeout = timeoutTransition(def, model.state);
            if (!timeout) continue;
            carryOut(model, timeout.effects);
            model.state = timeout.to;
          } else {
            const actor = { roles: s.roles, isOwner: s.isOwner };
            const input = {
              action: s.action,
              ...(s.comment !== undefined ? { comment: s.comment } : {}),
              ...(s.missingDocuments !== undefined ? { missingDocuments: s.missingDocuments } : {}),
            };
            const result = applyAction(def, ctx, actor, input);
            const option = listActions(def, ctx, actor).find((o) => o.action === s.action);
            if (option && !option.allowed) {
              // what the list says is what applying says
              expect(result).toMatchObject({ ok: false, error: { code: option.reason?.code } });
            }
            if (!result.ok) {
              if (isFinal(def, model.state)) expect(['CASE_CLOSED', 'UNKNOWN_ACTION']).toContain(result.error.code);
              continue;
            }
            expect(option?.allowed).toBe(true);
            expect(result.from).toBe(model.state);
            carryOut(model, result.effects);
            model.state = result.to;
          }

          const state = def.states[model.state];
          expect(state).toBeDefined();
          visited.add(model.state);
          expect(model.sent).toBeLessThanOrEqual(def.deficiencyNotices.max);
          expect(model.statutory === 'finished').toBe(isFinal(def, model.state));
          expect(model.statutory === 'stopped').toBe(clockStopped(def, model.state));
          expect([...model.stateClocks]).toEqual(state.sla && state.final === undefined ? [model.state] : []);
          expect([...model.windows]).toEqual(state.applicantResponse && state.final === undefined ? [model.state] : []);
          if (isFinal(def, model.state)) {
            expect(listActions(def, { state: model.state, deficiencyNoticesSent: model.sent }, { roles, isOwner: true })).toEqual([]);
          }
        }
      }),
      { numRuns: 400 },
    );
    // the generator does reach the interesting places: every state of the shipped workflows
    for (const name of Object.keys(def.states)) if (name !== initialState(def)) expect({ name, visited: visited.has(name) }).toEqual({ name, visited: true });
  });

  it('admits no action at all in a final state', () => {
    const finals = Object.keys(def.states).filter((s) => isFinal(def, s));
    fc.assert(
      fc.property(fc.constantFrom(...finals), fc.constantFrom(...def.transitions.map((t) => t.action)), (state, action) => {
        const result = applyAction(def, { state, deficiencyNoticesSent: 0 }, { roles, isOwner: true }, { action, comment: 'x', missingDocuments: [def.requirements[0].code] });
        expect(result).toMatchObject({ ok: false, error: { code: 'CASE_CLOSED' } });
      }),
    );
  });
});
