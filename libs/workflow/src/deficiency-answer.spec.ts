import { applyAction, documentsToReplace, noticeRecord, validateDefinition, type Actor, type PermitTypeDefinition } from '@tenggat/workflow';
import { validRaw } from '../test-fixtures/definition.factory';

function definition(): PermitTypeDefinition {
  const result = validateDefinition(validRaw());
  if (!result.ok) throw new Error(result.faults.map((f) => `${f.path}: ${f.message}`).join('\n'));
  return result.definition;
}

const def = definition();
const owner: Actor = { roles: ['applicant'], isOwner: true };
const sentAt = new Date('2026-03-02T03:00:00Z');

describe('documentsToReplace', () => {
  const before = [
    { id: 'doc-1', requirement: 'site-plan' },
    { id: 'doc-2', requirement: 'land-title' },
  ];
  const notice = noticeRecord(['site-plan', 'photo', 'site-plan'], before, sentAt);

  it('records the document each named requirement had when the notice was sent (once per requirement)', () => {
    expect(notice).toEqual({
      sentAt: '2026-03-02T03:00:00.000Z',
      documents: [
        { requirement: 'site-plan', documentId: 'doc-1' },
        { requirement: 'photo', documentId: null },
      ],
    });
  });

  it('names every requirement still holding its old document, or none at all', () => {
    expect(documentsToReplace(notice, before)).toEqual(['site-plan', 'photo']);
  });

  it('counts a new upload as the answer, and only for its own requirement', () => {
    const after = [{ id: 'doc-3', requirement: 'site-plan' }, before[1], { id: 'doc-4', requirement: 'land-title-2' }];
    expect(documentsToReplace(notice, after)).toEqual(['photo']);
    expect(documentsToReplace(notice, [...after, { id: 'doc-5', requirement: 'photo' }])).toEqual([]);
  });

  it('asks nothing of a case with no notice on record', () => {
    expect(documentsToReplace(null, before)).toEqual([]);
  });
});

describe('resubmission after a deficiency notice', () => {
  const deficient = (documentsToReplace: string[]) => ({ state: 'deficient', deficiencyNoticesSent: 1, documentsToReplace });

  it('is refused while a named document has not been uploaded anew, naming each one', () => {
    const result = applyAction(def, deficient(['site-plan', 'photo']), owner, { action: 'resubmit' });
    if (result.ok) throw new Error('resubmitted without the documents');
    expect(result.error.code).toBe('DOCUMENTS_NOT_REPLACED');
    expect(result.error.details).toEqual({
      missingDocuments: [
        { code: 'site-plan', name: 'Gambar situasi' },
        { code: 'photo', name: 'Foto lokasi' },
      ],
    });
    expect(result.error.message).toContain('Gambar situasi, Foto lokasi');
  });

  it('goes through once every named document was replaced', () => {
    const result = applyAction(def, deficient([]), owner, { action: 'resubmit' });
    expect(result.ok && result.to).toBe('submitted');
  });

  it('does not hold back leaving for a final state (withdrawal)', () => {
    const result = applyAction(def, deficient(['site-plan']), owner, { action: 'withdraw' });
    expect(result.ok && result.to).toBe('withdrawn');
  });
});
