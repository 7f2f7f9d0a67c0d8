import { describe, expect, it } from 'vitest';
import { badPerSecond, bandsOf, cardDeltas, diffText, rowsOf, signed, type CompareInput, type Replica } from '../../web/views/compare-data.js';
import { tQuantile } from '../../src/outcomes/student-t.js';
import type { RunResult } from '../../src/worker/protocol.js';

/** A replica with these metrics and a one-feature series whose failed users per bucket are `failed`. */
function replica(samples: Record<string, number>, failed: number[] = [0, 0]): Replica {
  const zeros = failed.map(() => 0);
  const users = { arrived: zeros, succeeded: zeros, degraded: zeros, stale: zeros, failed, abandoned: zeros, shed: zeros, rateLimited: zeros, converted: { succeeded: zeros, degraded: zeros, stale: zeros } };
  const series = { bucketMs: 500, t: failed.map((_, i) => i * 500), features: { a: { users, latencyMeanMs: failed } }, services: {}, edges: {} } as unknown as RunResult['series'];
  return { samples, series };
}

const input = (a: number[], b: number[], extra: Record<string, number> = {}): CompareInput => ({
  arms: ['throttle', 'base'], currency: 'USD',
  byArm: [a.map((x) => replica({ 'total.users.bad': x, 'total.value.potential': 100, ...extra })), b.map((x) => replica({ 'total.users.bad': x, 'total.value.potential': 100 }))],
});

describe('compare data', () => {
  it('pairs the difference seed by seed: a constant offset has no spread, whatever the noise the arms share', () => {
    const rows = rowsOf(input([10, 50, 90], [15, 55, 95]));
    const bad = rows.find((r) => r.metric === 'total.users.bad')!;
    expect(bad.diff).toMatchObject({ mean: -5, sd: 0, low: -5, high: -5, n: 3 });
    expect(bad.verdict).toBe(-1);
    // Each arm alone is wide: its interval is mean ± t(0.975, 2)·40/√3.
    expect(bad.a.high - bad.a.mean).toBeCloseTo((tQuantile(0.975, 2) * 40) / Math.sqrt(3), 9);
  });

  it('reads more users served as better, share differences in points, and per-feature users affected', () => {
    const i = input([10, 50, 90], [15, 55, 95], {});
    i.byArm[0].forEach((r, k) => Object.assign(r.samples, { 'total.users.succeeded': 100 + k, 'worst.slo.budgetBurned': 0.5, 'a.latency.p95': 9, 'a.users.failed': 3, 'a.users.refused': 1 }));
    i.byArm[1].forEach((r, k) => Object.assign(r.samples, { 'total.users.succeeded': 90 + k, 'worst.slo.budgetBurned': 0.3, 'a.latency.p95': 9, 'a.users.failed': 1 }));
    const rows = rowsOf(i);
    expect(rows.find((r) => r.metric === 'total.users.succeeded')!.verdict).toBe(-1);
    expect(diffText(rows.find((r) => r.metric === 'worst.slo.budgetBurned')!)).toBe('+20 pp (95% CI +20 pp to +20 pp)');
    const affected = rows.find((r) => r.metric === 'a.users.bad')!;
    expect([affected.a.mean, affected.b.mean, affected.verdict]).toEqual([4, 1, 1]);
  });

  it('says "no clear difference" when the paired interval spans 0, and leaves out metrics zero in both arms', () => {
    const rows = rowsOf(input([10, 20, 12], [12, 18, 12]));
    expect(rows.find((r) => r.metric === 'total.users.bad')!.verdict).toBe(0);
    expect(rows.map((r) => r.metric)).not.toContain('total.tickets');
  });

  it('card deltas read the paired difference with its interval and the run count', () => {
    const d = cardDeltas(input([10, 50, 90], [15, 55, 95]));
    expect(d.get('affected')).toEqual({ text: '−5 vs base', detail: '−5 (95% CI −5 to −5) against base, paired seed by seed over 3 runs', sign: -1 });
    expect(d.get('tickets')).toEqual({ text: 'same as base', detail: 'the same as base in all 3 runs', sign: 0 });
    const unclear = cardDeltas(input([10, 20, 12], [12, 18, 12])).get('affected')!;
    expect(unclear.text).toMatch(/^0 ± \d+ vs base: no clear difference$/);
    expect(unclear.sign).toBe(0);
  });

  it('signs what rounds to nothing with no sign', () => {
    const f = (x: number) => `${Math.round(x)}`;
    expect(signed(0.2, f)).toBe('0');
    expect(signed(-3, f)).toBe('−3');
    expect(diffText({ diff: { mean: 2, sd: NaN, low: NaN, high: NaN, n: 1 }, diffFormat: f })).toBe('+2');
  });

  it('bands: per bucket mean with a t interval over replicas, for each arm', () => {
    const i: CompareInput = { arms: ['x', 'y'], currency: '', byArm: [[replica({}, [2, 4]), replica({}, [4, 8])], [replica({}, [1, 1]), replica({}, [1, 1])]] };
    const [x, y] = bandsOf(i, badPerSecond);
    // 2 per 500 ms bucket is 4/s.
    expect(x.mean).toEqual([6, 12]);
    expect(x.high[0]! - x.mean[0]!).toBeCloseTo(tQuantile(0.975, 1) * (Math.SQRT2 * 2) / Math.SQRT2, 9);
    expect(y).toMatchObject({ arm: 'y', mean: [2, 2], low: [2, 2], high: [2, 2] });
  });

  it('bands leave a gap where no replica served anything, and average only the replicas that did', () => {
    const i: CompareInput = { arms: ['x', 'y'], currency: '', byArm: [[replica({}, [2, 4]), replica({}, [4, 8])], [replica({}, [1, 1]), replica({}, [1, 1])]] };
    const latency = (nulls: (number | null)[][]) => { let k = 0; return () => nulls[k++]; };
    const pick = latency([[null, 10], [null, 20], [5, null], [7, 9]]);
    const [x, y] = bandsOf(i, () => pick());
    expect([x.mean[0], x.low[0], x.high[0]]).toEqual([null, null, null]);
    expect(x.mean[1]).toBe(15);
    expect(y.mean).toEqual([6, 9]);
  });

  it('utilization has no better or worse, and a latency with runs that served nothing has no verdict', () => {
    const i = input([10, 50, 90], [15, 55, 95]);
    i.byArm[0].forEach((r) => Object.assign(r.samples, { 'service.db.utilization': 0.9, 'a.latency.p95': 0 }));
    i.byArm[1].forEach((r) => Object.assign(r.samples, { 'service.db.utilization': 0.5, 'a.latency.p95': 300 }));
    const rows = rowsOf(i);
    expect(rows.find((r) => r.metric === 'service.db.utilization')).toMatchObject({ neutral: true, verdict: 1 });
    expect(rows.find((r) => r.metric === 'a.latency.p95')).toMatchObject({ verdict: 0, caveat: 'some runs served nothing here' });
  });
});
