import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may reach: never private, loopback, link-local, unique-local,
 * CGNAT, multicast or unspecified ones (cloud metadata at 169.254.169.254 included), unless the
 * allow-list (WEBHOOK_ALLOWED_HOSTS) names the host or the address.
 */
const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv6');

const V4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

export function isPrivateAddress(address: string): boolean {
  const mapped = V4_MAPPED.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return true; // not an address: refuse rather than guess
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The parsed WEBHOOK_ALLOWED_HOSTS. */
export class AllowList {
  private readonly names = new Set<string>();
  private readonly nets = new BlockList();

  constructor(spec: string) {
    for (const raw of spec.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
      const entry = raw.replace(/^\[|\]$/g, '');
      const [addr, bits] = entry.split('/');
      const family = isIP(addr);
      if (family === 0) this.names.add(entry);
      else if (bits !== undefined) this.nets.addSubnet(addr, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
      else this.nets.addAddress(addr, family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  allowsHost(host: string): boolean {
    return this.names.has(host.toLowerCase().replace(/^\[|\]$/g, ''));
  }

  allowsAddress(address: string): boolean {
    const mapped = V4_MAPPED.exec(address);
    const a = mapped ? mapped[1] : address;
    const family = isIP(a);
    return family !== 0 && this.nets.check(a, family === 4 ? 'ipv4' : 'ipv6');
  }

  /** May a request to `host` connect to `address`? */
  permits(host: string, address: string): boolean {
    return !isPrivateAddress(address) || this.allowsHost(host) || this.allowsAddress(address);
  }
}
