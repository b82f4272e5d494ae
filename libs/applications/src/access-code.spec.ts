import { createHash } from 'node:crypto';
import { hashAccessCode, newAccessCode, verifyAccessCode } from './access-code';

describe('access codes at rest', () => {
  it('are ten characters without look-alikes', () => {
    for (let i = 0; i < 50; i++) expect(newAccessCode()).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
  });

  it('are stored salted: the same code hashes differently per case and never as itself', () => {
    const code = newAccessCode();
    const a = hashAccessCode(code);
    const b = hashAccessCode(code);
    expect(a).toMatch(/^s1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(code);
    expect(a).not.toContain(createHash('sha256').update(code).digest('hex')); // not the old unsalted hash
  });

  it('verify the code case-insensitively and refuse any other', () => {
    const stored = hashAccessCode('ABCDEFGHJK');
    expect(verifyAccessCode('ABCDEFGHJK', stored)).toBe(true);
    expect(verifyAccessCode(' abcdefghjk ', stored)).toBe(true);
    expect(verifyAccessCode('ABCDEFGHJL', stored)).toBe(false);
    expect(verifyAccessCode('', stored)).toBe(false);
  });

  it('refuse what is not a salted hash, the old unsalted form included', () => {
    const legacy = createHash('sha256').update('ABCDEFGHJK').digest('hex');
    expect(verifyAccessCode('ABCDEFGHJK', legacy)).toBe(false);
    expect(verifyAccessCode('ABCDEFGHJK', null)).toBe(false);
    expect(verifyAccessCode('ABCDEFGHJK', 's1$zz$00')).toBe(false);
  });

  it('agree with the migration that salted the old hashes: SHA-256(salt || SHA-256(code))', () => {
    const salt = Buffer.alloc(16, 7);
    const legacy = createHash('sha256').update('ABCDEFGHJK').digest();
    const migrated = `s1$${salt.toString('hex')}$${createHash('sha256').update(Buffer.concat([salt, legacy])).digest('hex')}`;
    expect(verifyAccessCode('ABCDEFGHJK', migrated)).toBe(true);
    expect(hashAccessCode('ABCDEFGHJK', salt)).toBe(migrated);
  });
});
