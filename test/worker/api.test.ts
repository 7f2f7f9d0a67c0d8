import { describe, expect, test } from 'vitest';
import { brief, compare, run } from '../../src/worker/api.js';

const replay = `name: Replayed traffic
duration: 4m
features:
  browse: { rate: 10/s, entry: web }
services:
  web: { workers: 4, serviceTime: { exponential: 20ms } }
load:
  - replay: { feature: browse, file: rates.csv, interpolate: step }
`;

describe('worker api (the logic behind the Web Worker)', () => {
  test('runs scenario text and reports the run', () => {
    const r = run({ text: replay.replace(/load:[\s\S]*$/, ''), file: 'x.yaml' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.result.features.browse.arrivals).toBeGreaterThan(2000);
  });

  test('reads a replay CSV from the files the page sends, and follows it', () => {
    const r = run({ text: replay, file: 'x.yaml', files: { 'rates.csv': 'time,rate\n0s,5/s\n2m,50/s\n' } });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    // 2 min at 5/s then 2 min at 50/s: 6,600 expected; Poisson sd ≈ 81.
    expect(Math.abs(r.result.features.browse.arrivals - 6600)).toBeLessThan(4 * 81);
  });

  test('returns every problem, located, instead of throwing', () => {
    const r = run({ text: replay, file: 'x.yaml' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ file: 'x.yaml' });
    expect(r.problems.map((p) => p.message).join(' ')).toMatch(/rates\.csv|file/);
  });
});

const shop = `name: Shop
duration: 2m
warmup: 10s
currency: USD
features:
  checkout: { rate: 20/s, entry: web, priority: core, value: 40, users: { patience: { p50: 2s, p95: 8s } }, slo: { success: 99%, within: 1s } }
services:
  web: { workers: 4, serviceTime: { exponential: 150ms } }
variants:
  more-workers: { description: Eight workers, patch: { services: { web: { workers: 8 } } } }
`;

describe('worker api: outcomes, variants, comparisons and the brief', () => {
  test('a run carries its outcomes and the variants the page can toggle', () => {
    const r = run({ text: shop, file: 'shop.yaml' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.outcomes.features.checkout.users.arrived).toBe(r.result.features.checkout.users.arrived);
    expect(r.outcomes.currency).toBe('USD');
    expect(r.variants).toEqual([{ name: 'more-workers', description: 'Eight workers' }]);
  });

  test('runs a declared variant, and names the declared ones for an unknown variant', () => {
    const base = run({ text: shop, file: 'shop.yaml' }), more = run({ text: shop, file: 'shop.yaml', variant: 'more-workers' });
    if (!base.ok || !more.ok) throw new Error('run failed');
    expect(more.result.services.web.workers).toBe(8);
    expect(more.result.features.checkout.users.abandoned).toBeLessThan(base.result.features.checkout.users.abandoned);
    const bad = run({ text: shop, file: 'shop.yaml', variant: 'nine' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0].message).toBe('no variant "nine" (declared: more-workers)');
  });

  test('compares base and variants on the same seeds', () => {
    const c = compare({ text: shop, file: 'shop.yaml', runs: 2 });
    if (!c.ok) throw new Error(JSON.stringify(c));
    expect(c.report.variants).toEqual(['more-workers']);
    expect(c.report.metrics['checkout.users.arrived'].variants['more-workers'].difference.mean).toBe(0);
    const none = compare({ text: shop.replace(/variants:[\s\S]*$/, ''), file: 'shop.yaml', runs: 2 });
    expect(none.ok).toBe(false);
    if (!none.ok && 'error' in none) expect(none.error).toMatch(/declares no variants/);
  });

  test('writes the brief', () => {
    const b = brief({ text: shop, file: 'shop.yaml' });
    if (!b.ok) throw new Error(JSON.stringify(b.problems));
    expect(b.markdown).toContain('# Reliability Impact Brief: Shop');
  });
});
