import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIP } from 'node:net';

/** What Express's `trust proxy` setting is given: off, trust every hop, a hop count, or addresses. */
export type TrustProxy = boolean | number | string[];

const NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(item: string): boolean {
  if (NAMES.includes(item)) return true;
  const [address, bits, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY as Express takes it: `false` (the default: the client address is the socket's),
 * `true` (trust every proxy: only when nothing but a proxy can reach the server), a hop count
 * (`1`), or a comma-separated list of `loopback`, `linklocal`, `uniquelocal`, addresses and
 * CIDR ranges (`loopback, 10.0.0.0/8`). Throws on anything else.
 */
export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const items = value.split(',').map((s) => s.trim());
  const bad = items.filter((i) => !isAddressOrRange(i));
  if (bad.length) throw new Error(`not a hop count, true/false, or loopback/linklocal/uniquelocal/address/CIDR: ${bad.join(', ')}`);
  return items;
}

/** class-validator: a value parseTrustProxy accepts. */
export function IsTrustProxy(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTrustProxy',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be false, true, a hop count, or a list of loopback/linklocal/uniquelocal/addresses/CIDRs', ...options },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string') return false;
          try {
            parseTrustProxy(value);
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}
