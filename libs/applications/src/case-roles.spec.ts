import { parseDefinition, PermitTypeDefinition } from '@tenggat/workflow';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mayHold, officerRolesFor, rolesWorkOn } from './case-roles';

const shipped = (code: string): PermitTypeDefinition => {
  const parsed = parseDefinition(readFileSync(join(__dirname, '..', '..', '..', 'config', 'permit-types', `${code}.yaml`), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.faults));
  return parsed.definition;
};

describe('which officer roles work on a state', () => {
  const pbg = shipped('pbg');

  it('is the state’s role plus the officer roles of its transitions, never applicant, supervisor or system', () => {
    expect([...officerRolesFor(pbg, 'submitted')]).toEqual(['verifier']);
    expect([...officerRolesFor(pbg, 'approval')]).toEqual(['approver']);
    expect([...officerRolesFor(pbg, 'deficient')]).toEqual([]); // waits on the applicant
    expect([...officerRolesFor(pbg, 'approved')]).toEqual([]);
    expect([...officerRolesFor(pbg, 'no-such-state')]).toEqual([]);
  });

  it('lets an officer work only their states', () => {
    expect(rolesWorkOn(['verifier'], pbg, 'submitted')).toBe(true);
    expect(rolesWorkOn(['verifier'], pbg, 'technical-review')).toBe(false);
    expect(rolesWorkOn(['supervisor'], pbg, 'submitted')).toBe(false);
    expect(rolesWorkOn(['applicant'], pbg, 'deficient')).toBe(false);
  });

  it('lets a case be held by its role, by a supervisor, and by anyone while it waits on the applicant', () => {
    expect(mayHold(['reviewer'], pbg, 'technical-review')).toBe(true);
    expect(mayHold(['verifier'], pbg, 'technical-review')).toBe(false);
    expect(mayHold(['supervisor'], pbg, 'technical-review')).toBe(true);
    expect(mayHold(['verifier'], pbg, 'deficient')).toBe(true);
  });
});
