import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, type ShareState } from '../../web/share.js';

const full: ShareState = {
  scenario: 'checkout-breaker.yaml', params: { 'load.0.spike.factor': 10, 'services.db.workers': 8 },
  variant: 'no-breaker', compare: ['no-breaker', 'bigger-pool'], seed: 4, t: 300_000,
};

/** A large scenario that is not one line repeated: 100 kB of services with varied names and numbers. */
function bigScenario(bytes: number): string {
  const lines = ['name: A big shop', 'duration: 30m', 'services:'];
  for (let i = 0; lines.join('\n').length < bytes; i++) {
    lines.push(`  svc-${i.toString(36)}:`, `    workers: ${(i * 7919) % 97 + 1}`, `    service: ${(i * 104729) % 250 + 5}ms`,
      `    calls: [{ to: svc-${(i * 31).toString(36)}, timeout: ${(i % 9) * 100 + 200}ms }]`);
  }
  return lines.join('\n');
}

describe('share links', () => {
  it('keeps small fields readable in the fragment', async () => {
    const hash = await encodeShare({ scenario: 'checkout-breaker.yaml', params: { 'load.0.spike.factor': 10 }, variant: 'no-breaker', seed: 4, t: 300_000 });
    expect(hash).toBe('#s=checkout-breaker.yaml&v=no-breaker&seed=4&t=300000&k.load.0.spike.factor=10');
  });

  it('round-trips every field', async () => {
    expect(await decodeShare(await encodeShare(full))).toEqual(full);
    const bare: ShareState = { scenario: 'three-tier.yaml', params: {} };
    expect(await decodeShare(await encodeShare(bare))).toEqual(bare);
  });

  it('round-trips compare mode with no variant chosen, fractional knobs and awkward names', async () => {
    const state: ShareState = { scenario: 'my scenario & co.yaml', params: { 'a=b&c': 0.125, 'x.y': -3e-7 }, variant: 'ça va?', compare: [], t: 0, seed: 0 };
    const hash = await encodeShare(state);
    expect(hash.slice(1)).not.toMatch(/[ #?]/);
    expect(await decodeShare(hash)).toEqual(state);
  });

  it('round-trips an edited text, unicode included, and accepts the fragment without its #', async () => {
    const text = 'name: Café ☕ — 日本語のシナリオ\ndescription: "emoji 🚀🔥, combining é, RTL עברית"\n\tservices: {}\n';
    const state: ShareState = { scenario: 'three-tier.yaml', text, params: {} };
    const hash = await encodeShare(state);
    expect(hash).toMatch(/&z=[A-Za-z0-9_-]+$/);
    expect(await decodeShare(hash)).toEqual(state);
    expect(await decodeShare(hash.slice(1))).toEqual(state);
    expect(await decodeShare(await encodeShare({ ...state, text: '' }))).toEqual({ ...state, text: '' });
  });

  it('compresses a 100 kB scenario about as well as zlib does, to a link browsers accept', async () => {
    const text = bigScenario(100_000);
    const hash = await encodeShare({ scenario: 'big.yaml', text, params: {} });
    const z = hash.split('&z=')[1];
    // base64 costs 4/3 over the deflated bytes; zlib's own deflate-raw is the independent yardstick.
    const zlib = deflateRawSync(Buffer.from(text), { level: 6 }).length;
    expect(z.length).toBeLessThanOrEqual(Math.ceil((zlib * 4) / 3 * 1.1));
    expect(hash.length).toBeLessThan(text.length / 3);
    expect((await decodeShare(hash))?.text).toBe(text);
  });

  it('gives null for an empty or garbled fragment, never throwing', async () => {
    const good = await encodeShare({ ...full, text: 'name: x\n'.repeat(50) });
    const z = good.split('&z=')[1];
    const garbled = [
      '', '#', '#v=no-breaker', '#s=', '#s=a.yaml&seed=four', '#s=a.yaml&seed=1.5', '#s=a.yaml&seed=', '#s=a.yaml&t=-5',
      '#s=a.yaml&t=Infinity', '#s=a.yaml&t=0x10', '#s=a.yaml&k.load.0.rate=', '#s=a.yaml&k.load.0.rate=1e999',
      '#s=a.yaml&z=!!!', '#s=a.yaml&z=A', `#s=a.yaml&z=${z.slice(0, -6)}`, '#s=a.yaml&z=AAAA%',
      // Valid deflate of bytes that are not UTF-8 (0xff 0xfe): stored block.
      `#s=a.yaml&z=${Buffer.from(deflateRawSync(Buffer.from([0xff, 0xfe]))).toString('base64url')}`,
    ];
    for (const hash of garbled) expect(await decodeShare(hash), hash).toBeNull();
  });

  it('ignores parameters it does not know', async () => {
    const hash = `${await encodeShare(full)}&utm_source=mail&k.=3&zz=1&future=yes`;
    expect(await decodeShare(hash)).toEqual(full);
  });
});
