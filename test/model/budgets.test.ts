/**
 * Runaway runs stop early with a status and a reason instead of hanging or exhausting memory:
 * too many requests in flight ('memory-budget'), too many events ('event-budget'), too much
 * wall-clock time ('time-budget').
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';

/** Ten times more work than the one worker can do, an unbounded queue, one simulated hour. */
const OVERLOADED: Scenario = {
  name: 'overloaded',
  durationMs: 3_600_000,
  warmupMs: 0,
  seed: 1,
  features: [{ name: 'f', ratePerMs: 1, entry: 'api' }],
  services: [{ name: 'api', workers: 1, queue: Infinity, serviceTime: { kind: 'exponential', mean: 10 }, calls: [] }],
};

/** The entry keeps up; its dependency does not, and its queue is unbounded. */
const SLOW_DEPENDENCY: Scenario = {
  name: 'slow dependency',
  durationMs: 3_600_000,
  warmupMs: 0,
  seed: 1,
  features: [{ name: 'f', ratePerMs: 0.5, entry: 'front' }],
  services: [
    { name: 'front', workers: 100_000, queue: 0, serviceTime: { kind: 'constant', value: 1 }, calls: [{ to: 'db' }] },
    { name: 'db', workers: 2, queue: Infinity, serviceTime: { kind: 'constant', value: 20 }, calls: [] },
  ],
};

/** Conservation still holds for a run stopped early. */
function expectConservation(r: RunResult): void {
  for (const [name, f] of Object.entries(r.features)) {
    expect(f.arrivals, `feature ${name}`).toBe(f.succeeded + f.failed + f.inFlight);
  }
  for (const [name, s] of Object.entries(r.services)) {
    expect(s.arrivals, `service ${name}`).toBe(s.completed + s.failed + s.rejected + s.inSystem);
    expect(s.utilization).toBeGreaterThanOrEqual(0);
    expect(s.utilization).toBeLessThanOrEqual(1);
  }
}

describe('memory budget', () => {
  it('an overloaded unbounded queue stops with memory-budget and a helpful reason, quickly', () => {
    const started = performance.now();
    const r = simulate(OVERLOADED, { maxInFlight: 2000 });
    const elapsed = performance.now() - started;
    expect(r.status).toBe('memory-budget');
    expect(elapsed).toBeLessThan(5000);
    // Stopped long before the end, when about 2000 requests were in flight.
    expect(r.endMs).toBeLessThan(OVERLOADED.durationMs);
    expect(r.endMs).toBeGreaterThan(0);
    expect(r.features.f.inFlight).toBe(2000);
    expect(r.services.api.inSystem).toBe(2000);
    // The reason says what happened and what to do about it.
    const reason = r.stopReason ?? '';
    expect(reason).toMatch(/memory budget/i);
    expect(reason).toContain('2,000');
    expect(reason).toMatch(/in flight/);
    expect(reason).toMatch(/queue/);
    expect(reason).toMatch(/workers|rate/);
    expectConservation(r);
  });

  it('also stops when the pile-up is at a dependency (a call cannot be made)', () => {
    const r = simulate(SLOW_DEPENDENCY, { maxInFlight: 3000 });
    expect(r.status).toBe('memory-budget');
    expect(r.stopReason).toMatch(/memory budget/i);
    expect(r.endMs).toBeLessThan(SLOW_DEPENDENCY.durationMs);
    expectConservation(r);
  });

  it('a run that stays under the in-flight limit completes', () => {
    const light: Scenario = { ...OVERLOADED, durationMs: 60_000, features: [{ name: 'f', ratePerMs: 0.05, entry: 'api' }] };
    const r = simulate(light, { maxInFlight: 2000 });
    expect(r.status).toBe('complete');
    expect(r.stopReason).toBeUndefined();
    expect(r.endMs).toBe(60_000);
  });

  it('the result is deterministic at the stop too', () => {
    const a = simulate(OVERLOADED, { maxInFlight: 500, seed: 3 });
    const b = simulate(OVERLOADED, { maxInFlight: 500, seed: 3 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('event budget', () => {
  it('maxEvents stops with event-budget after exactly that many events, with a reason', () => {
    const r = simulate(OVERLOADED, { maxEvents: 12_345 });
    expect(r.status).toBe('event-budget');
    expect(r.events).toBe(12_345);
    expect(r.endMs).toBeLessThan(OVERLOADED.durationMs);
    expect(r.stopReason).toMatch(/event budget/i);
    expect(r.stopReason).toContain('12,345');
    expectConservation(r);
  });

  it('a budget larger than the run needs lets it complete', () => {
    const short: Scenario = { ...OVERLOADED, durationMs: 1000, features: [{ name: 'f', ratePerMs: 0.05, entry: 'api' }] };
    const full = simulate(short);
    expect(full.status).toBe('complete');
    const r = simulate(short, { maxEvents: full.events + 1 });
    expect(r.status).toBe('complete');
    expect(JSON.stringify(r)).toBe(JSON.stringify(full));
  });
});

describe('time budget', () => {
  it('maxWallMs stops a long run with time-budget and a reason', () => {
    // A day of 1,000 requests/s would take many seconds; 1 ms of wall time is checked at the
    // first 65,536-event checkpoint.
    const long: Scenario = { ...OVERLOADED, durationMs: 86_400_000, services: [{ ...OVERLOADED.services[0], workers: 20 }] };
    const started = performance.now();
    const r = simulate(long, { maxWallMs: 1 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.status).toBe('time-budget');
    expect(r.stopReason).toMatch(/time budget/i);
    expect(r.endMs).toBeLessThan(long.durationMs);
    expectConservation(r);
  });
});
