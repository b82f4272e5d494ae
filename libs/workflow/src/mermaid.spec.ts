import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mermaidId, parseDefinition, toMermaid, type PermitTypeDefinition } from '@tenggat/workflow';
import { validDefinition } from '../test-fixtures/definition.factory';

describe('toMermaid', () => {
  const def: PermitTypeDefinition = validDefinition();
  const text = toMermaid(def);
  const lines = text.trimEnd().split('\n');

  it('renders the whole diagram', () => {
    expect(text).toBe(
      [
        'stateDiagram-v2',
        '  state "submitted" as s_submitted',
        '  state "deficient" as s_deficient',
        '  state "technical-review" as s_technical_review',
        '  state "approved" as s_approved',
        '  state "rejected" as s_rejected',
        '  state "withdrawn" as s_withdrawn',
        '  [*] --> s_submitted',
        '  s_submitted --> s_deficient : request-documents',
        '  s_deficient --> s_submitted : resubmit',
        '  s_submitted --> s_technical_review : accept',
        '  s_technical_review --> s_approved : approve',
        '  s_technical_review --> s_rejected : reject',
        '  s_submitted --> s_withdrawn : withdraw',
        '  s_deficient --> s_withdrawn : withdraw',
        '  s_technical_review --> s_withdrawn : withdraw',
        '  s_deficient --> s_withdrawn : no response in 30 calendar days',
        '  s_approved --> [*]',
        '  s_rejected --> [*]',
        '  s_withdrawn --> [*]',
        '  note right of s_submitted : role verifier, SLA 3 working days',
        '  note right of s_deficient : clock stopped, applicant has 30 calendar days',
        '  note right of s_technical_review : role reviewer, SLA 7 working days',
        '',
      ].join('\n'),
    );
  });

  it('declares every state with an alias free of hyphens, before use', () => {
    const declared = lines.filter((l) => l.startsWith('  state ')).map((l) => /as (\S+)$/.exec(l)?.[1]);
    expect(declared).toEqual(Object.keys(def.states).map(mermaidId));
    for (const id of declared) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    const used = lines
      .filter((l) => l.includes('-->'))
      .flatMap((l) => l.split(/ --> | : /).slice(0, 2).map((s) => s.trim()))
      .filter((s) => s !== '[*]');
    for (const id of used) expect(declared).toContain(id);
  });

  it('starts at the initial state and ends every final state', () => {
    expect(lines).toContain('  [*] --> s_submitted');
    for (const state of ['approved', 'rejected', 'withdrawn']) expect(lines).toContain(`  ${mermaidId(state)} --> [*]`);
    expect(lines.filter((l) => l.endsWith('--> [*]'))).toHaveLength(3);
  });

  it('keeps ids apart from Mermaid keywords', () => {
    expect(mermaidId('end')).toBe('s_end');
    expect(mermaidId('state')).toBe('s_state');
  });

  it('renders a shipped workflow with working-day response windows', () => {
    const pbg = parseDefinition(readFileSync(join(__dirname, '..', '..', '..', 'config', 'permit-types', 'pbg.yaml'), 'utf8'));
    if (!pbg.ok) throw new Error('pbg.yaml does not validate');
    const diagram = toMermaid(pbg.definition);
    expect(diagram).toMatch(/^stateDiagram-v2\n/);
    expect(diagram).toContain('  s_approval --> s_technical_review : return-for-review');
    expect(diagram).toContain('  note right of s_technical_review : role reviewer, SLA 20 working days');
    const wd = validDefinition((d) => (d.states['deficient']['applicantResponse'] = { workingDays: 10, onTimeout: 'withdrawn' }));
    expect(toMermaid(wd)).toContain('  s_deficient --> s_withdrawn : no response in 10 working days');
  });
});
