import type { PermitTypeDefinition } from '@tenggat/workflow';
import { ApplicationEntity } from './application.entity';

const def = { states: { verification: { role: 'verifier' }, deficient: { clock: 'stopped' }, approved: { final: 'approved' } } } as unknown as PermitTypeDefinition;
const aCase = (status: ApplicationEntity['status'], state: string, deficiencyNotices = 0): ApplicationEntity =>
  Object.assign(new ApplicationEntity(), { status, state, deficiencyNotices });

/** The case carries its own invariants (issue 11): the machine state, open or closed, when documents change. */
describe('ApplicationEntity', () => {
  it('hands the state machine its state and the deficiency notices counted against the cap', () => {
    expect(aCase('open', 'deficient', 2).machineState()).toEqual({ state: 'deficient', deficiencyNoticesSent: 2, feeSettled: true });
  });

  it('takes documents while a draft, or while open with its clock stopped for a deficiency notice; never otherwise', () => {
    expect(ApplicationEntity.takesDocuments(aCase('draft', 'draft'), def)).toBe(true);
    expect(ApplicationEntity.takesDocuments(aCase('open', 'deficient'), def)).toBe(true);
    expect(ApplicationEntity.takesDocuments(aCase('open', 'verification'), def)).toBe(false);
    expect(ApplicationEntity.takesDocuments(aCase('closed', 'deficient'), def)).toBe(false);
    expect(ApplicationEntity.takesDocuments(aCase('closed', 'approved'), def)).toBe(false);
  });

  it('is a draft, open or closed', () => {
    expect([aCase('draft', 'draft').isDraft(), aCase('open', 'verification').isOpen(), aCase('closed', 'approved').isOpen()]).toEqual([true, true, false]);
  });
});
