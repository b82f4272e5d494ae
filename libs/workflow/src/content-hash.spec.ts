import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, contentHash, parseDefinition } from '@tenggat/workflow';
import { stringify } from 'yaml';
import { validRaw } from '../test-fixtures/definition.factory';

const PBG = readFileSync(join(__dirname, '..', '..', '..', 'config', 'permit-types', 'pbg.yaml'), 'utf8');

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });

  it('leaves out undefined members and normalises -0', () => {
    expect(canonicalJson({ a: undefined, b: -0 })).toBe('{"b":0}');
  });
});

describe('contentHash', () => {
  it('is the sha256 hex of the canonical JSON', () => {
    expect(contentHash(validRaw() as never)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives text and its parsed definition the same hash', () => {
    const parsed = parseDefinition(PBG);
    if (!parsed.ok) throw new Error('pbg.yaml does not validate');
    expect(contentHash(PBG)).toBe(contentHash(parsed.definition));
  });

  it('ignores comments, whitespace, key order, quoting and flow/block style', () => {
    const raw = validRaw();
    const reordered = Object.fromEntries(Object.entries(raw).reverse());
    const variants = [
      stringify(raw),
      `# a comment\n\n${stringify(raw, { indent: 4 })}\n# trailing\n`,
      stringify(reordered),
      JSON.stringify(raw, null, 1),
      JSON.stringify(raw),
    ];
    const hashes = new Set(variants.map((v) => contentHash(v)));
    expect(hashes.size).toBe(1);
    expect([...hashes][0]).toBe(contentHash(raw as never));
  });

  it('changes when the content changes', () => {
    const raw = validRaw();
    const before = contentHash(stringify(raw));
    raw.states['submitted']['sla'] = { workingDays: 4 };
    expect(contentHash(stringify(raw))).not.toBe(before);
    const reordered = validRaw();
    reordered.transitions.reverse(); // transition order is meaningful (listActions order)
    expect(contentHash(stringify(reordered))).not.toBe(contentHash(stringify(validRaw())));
  });

  it('hashes text that is not YAML as it is, without throwing', () => {
    expect(contentHash('a: [unclosed')).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash('a: [unclosed')).not.toBe(contentHash('a: [unclosed2'));
  });

  it('is pinned: the same data hashes the same in every release', () => {
    // a change here would republish every stored version of every permit type
    const hash = contentHash('code: x\nstates: {a: {final: approved}}\n');
    expect(hash).toBe(createHash('sha256').update('{"code":"x","states":{"a":{"final":"approved"}}}').digest('hex'));
    expect(hash).toBe('102f42d4bcbd7d124bd4e804ccc665d5a8151319b67ebfee93a28354bfc78f08');
  });
});
