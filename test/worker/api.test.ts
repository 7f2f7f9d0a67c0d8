import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { brief, cancel, compare, replica, run, start } from '../../src/worker/api.js';
import type { Frame } from '../../src/worker/protocol.js';

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

describe('worker api: runs in slices for the page', () => {
  const long = readFileSync('scenarios/three-tier.yaml', 'utf8');

  test('a sliced run gives the numbers run gives, bit for bit, after frames of the run so far', async () => {
    const frames: Frame[] = [];
    const sliced = await start({ text: long, file: 'three-tier.yaml' }, (f) => frames.push(f));
    const whole = run({ text: long, file: 'three-tier.yaml' });
    if (!sliced.ok || !whole.ok) throw new Error('run failed');
    expect(JSON.stringify(sliced.result)).toBe(JSON.stringify(whole.result));
    expect(JSON.stringify(sliced.outcomes)).toBe(JSON.stringify(whole.outcomes));
    // Frames, if the run was long enough for any (steps.test.ts forces them), each further along than the last.
    frames.forEach((f, i) => {
      expect(f.progress).toBeGreaterThan(i > 0 ? frames[i - 1].progress : 0);
      expect(f.progress).toBeLessThan(1);
      expect(f.series.buckets).toBeLessThan(whole.result.series.t.length);
    });
  });

  test('a newer run abandons the older one between slices; cancel abandons the current one', async () => {
    const first = start({ text: long, file: 'three-tier.yaml' });
    const second = start({ text: long, file: 'three-tier.yaml', seed: 9 });
    expect(await first).toEqual({ ok: false, cancelled: true, problems: [] });
    const done = await second;
    expect(done.ok && done.result.seed).toBe(9);
    const third = start({ text: long, file: 'three-tier.yaml' });
    cancel();
    expect((await third).ok).toBe(false);
  });

  test('a replica reports the metrics the CLI compares, for its seed and variant', () => {
    const r = replica({ text: shop, file: 'shop.yaml', seed: 3, variant: 'more-workers' });
    const whole = run({ text: shop, file: 'shop.yaml', seed: 3, variant: 'more-workers' });
    if (!r.ok || !whole.ok) throw new Error('run failed');
    expect(r.samples['total.users.arrived']).toBe(whole.outcomes.totals.users.arrived);
    expect(r.samples['total.value.lost']).toBe(whole.outcomes.totals.value.lost);
    expect(r.series).toEqual(whole.result.series);
  });
});

describe('worker api: knobs', () => {
  test('a run offers the scenario\'s knobs at the file\'s values and its story; knob values set the scenario as an edit would', () => {
    const text = readFileSync('scenarios/checkout-breaker.yaml', 'utf8');
    const r = run({ text, file: 'checkout-breaker.yaml' });
    if (!r.ok) throw new Error('run failed');
    expect(r.knobs.length).toBeGreaterThan(2);
    expect(r.story.length).toBeGreaterThan(2);
    const outage = r.knobs.find((k) => k.param === 'faults.0.errors.duration');
    expect(outage).toMatchObject({ value: 120_000, kind: 'duration', declared: true });
    const moved = run({ text, file: 'checkout-breaker.yaml', params: { 'faults.0.errors.duration': 210_000 } });
    const edited = run({ text: text.replace('duration: 2m, rate: 100%', 'duration: 210s, rate: 100%'), file: 'checkout-breaker.yaml' });
    if (!moved.ok || !edited.ok) throw new Error('run failed');
    expect(edited.result.features.checkout.failed).toBeGreaterThan(r.result.features.checkout.failed);
    expect(JSON.stringify(moved.result)).toBe(JSON.stringify(edited.result));
    // The knobs stay at the file's values while a slider moves.
    expect(moved.knobs).toEqual(r.knobs);
  });
});

describe('worker api: a slider whose field an edit removed', () => {
  test('is left out, so the edited text runs', () => {
    const text = readFileSync('scenarios/checkout-breaker.yaml', 'utf8').replace(/^knobs:[\s\S]*?(?=^story:)/m, '');
    const r = run({ text, file: 'checkout-breaker.yaml', params: { 'services.nowhere.workers': 3, 'faults.0.errors.duration': 60_000 } });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.knobs.some((k) => k.param === 'services.nowhere.workers')).toBe(false);
    expect(r.knobs.find((k) => k.param === 'faults.0.errors.duration')?.value).toBe(120_000);
  });
});
