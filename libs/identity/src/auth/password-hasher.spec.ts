import { hashPassword, verifyPassword } from './password-hasher';

describe('password hashing', () => {
  it('stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 64-byte key', async () => {
    const h = await hashPassword('correct horse battery');
    const [alg, N, r, p, salt, key] = h.split('$');
    expect([alg, N, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(64);
  });

  it('verifies the right password and refuses others', async () => {
    const h = await hashPassword('correct horse battery');
    await expect(verifyPassword('correct horse battery', h)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', h)).resolves.toBe(false);
    await expect(verifyPassword('', h)).resolves.toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it.each(['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$16385$8$1$c2FsdA==$a2V5', 'scrypt$4194304$8$1$c2FsdA==$a2V5a2V5a2V5a2V5a2V5'])(
    'refuses a malformed stored hash %j',
    async (stored) => {
      await expect(verifyPassword('whatever', stored)).resolves.toBe(false);
    },
  );
});
