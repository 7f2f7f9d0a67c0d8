/**
 * Metamorphic properties on random scenarios with storms and defences: changes that must not
 * change a run, or not before a given time.
 *
 * - A fault, or a load storm, changes nothing before it starts: every series bucket that ends
 *   before its start is identical (README: "the same seed with and without a storm sees the same
 *   random numbers until the storm starts"; every random source has its own stream). Adding a
 *   partition also moves the cut calls off the model's plain fast path onto call records, so
 *   this compares the two request paths too. Storms are added only to features whose rate was
 *   flat (an extra breakpoint in a varying curve may move arrivals by an ulp).
 * - An inert call policy (a timeout longer than the run, a bulkhead no run fills, a breaker that
 *   cannot open, one attempt) changes no feature or service figure: the call-record path gives
 *   what the plain path gives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate, type SimulateOptions } from '../../src/model/simulate.js';
import type { RunResult } from '../../src/model/result.js';
import type { CallPolicy, Scenario } from '../../src/scenario/types.js';
import { richScenarioArb } from '../support/scenario-rich.js';
import { faultItem, loadItem } from '../support/scenario-storms.js';

const BUDGET: SimulateOptions = { maxEvents: 200_000, maxInFlight: 5_000 };

/** The series buckets that end before `t0`, as JSON. */
function seriesBefore(r: RunResult, t0: number): string {
  const n = r.series.t.filter((t) => t + r.series.bucketMs < t0).length;
  // badBy lists only services that were ever an origin: one that first becomes one later shows as zeros here.
  const cut = (o: unknown): unknown =>
    (Array.isArray(o) ? o.slice(0, n) : o && typeof o === 'object'
      ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, cut(v)]).filter(([, v]) => !(Array.isArray(v) && v.every((x) => x === 0) && isOrigin(o))))
      : o);
  const origins = new Set(Object.values(r.series.features).map((f) => f.badBy as unknown));
  const isOrigin = (o: unknown) => origins.has(o);
  return JSON.stringify(cut({ features: r.series.features, services: r.series.services, edges: r.series.edges }));
}

/** Runs both; compares `view` of the two when both completed. */
function same(a: Scenario, b: Scenario, view: (r: RunResult) => string): void {
  const ra = simulate(a, BUDGET), rb = simulate(b, BUDGET);
  if (ra.status === 'complete' && rb.status === 'complete') expect(view(rb)).toBe(view(ra));
}

const INERT: CallPolicy[] = [
  { timeoutMs: 1e9 },
  { bulkhead: 1e9 },
  { retry: { attempts: 1, backoff: { kind: 'none', baseMs: 0, multiplier: 1, capMs: Infinity, jitter: 'none' } } },
  { breaker: { windowMs: 1000, buckets: 10, minimumRequests: 1e9, errorThreshold: 1, sleepMs: 1000 } },
];

const isPlain = (p: CallPolicy): boolean =>
  p.timeoutMs === undefined && !p.retry && !p.breaker && p.bulkhead === undefined && !p.optional;

describe('changes that must not change a run', () => {
  it('a fault changes nothing before it starts', () => {
    const arb = richScenarioArb().chain((s) => faultItem(s.services, s.durationMs).map((f) => [s, f] as const));
    fc.assert(
      fc.property(arb, ([s, f]) => same(s, { ...s, faults: [...(s.faults ?? []), f] }, (r) => seriesBefore(r, f.startMs))),
      { numRuns: 200, seed: 31 },
    );
  });

  it('a load storm changes nothing before it starts', () => {
    const arb = richScenarioArb().chain((s) =>
      loadItem(s.features.map((f) => f.name), s.durationMs, 1).filter((l) => l.kind !== 'daily').map((l) => [s, l] as const));
    fc.assert(
      fc.property(arb, ([s, l]) => {
        const hit = (l2: { features: string[] }, name: string) => l2.features.length === 0 || l2.features.includes(name);
        const flat = s.features.every((f) => !hit(l, f.name) || !(s.load ?? []).some((x) => hit(x, f.name)));
        if (flat && 'startMs' in l) same(s, { ...s, load: [...(s.load ?? []), l] }, (r) => seriesBefore(r, l.startMs));
      }),
      { numRuns: 200, seed: 32 },
    );
  });

  it('an inert call policy changes no feature or service figure', () => {
    fc.assert(
      fc.property(richScenarioArb(), fc.constantFrom(...INERT), (s, p) => {
        const inert: Scenario = {
          ...s,
          features: s.features.map((f) => (f.client && !isPlain(f.client) ? f : { ...f, client: { ...p } })),
          services: s.services.map((v) => ({ ...v, calls: v.calls.map((c) => (isPlain(c) ? { ...c, ...p } : c)) })),
        };
        same(s, inert, (r) => JSON.stringify([r.features, r.services, r.series.features, r.series.services]));
      }),
      { numRuns: 200, seed: 33 },
    );
  });
});
