/**
 * Runaway runs stop early with a status and a reason instead of hanging or exhausting memory:
 * too many requests in flight ('memory-budget'), too many events ('event-budget'), too much
 * wall-clock time ('time-budget').
 *
 * Nothing here asserts how long a run took on the wall clock (that depends on the machine and
 * its load): a budget is judged by what it did — the status, the reason, and where in simulated
 * time and in the event count the run stopped.
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
  it('an overloaded unbounded queue stops with memory-budget and a helpful reason, early in simulated time', () => {
    const r = simulate(OVERLOADED, { maxInFlight: 2000 });
    expect(r.status).toBe('memory-budget');
    // In flight grows by λ − μ = 0.9 per ms on average (sd of the count ≈ √(1.1·t)), so 2000 are
    // reached near 2.2 s of the simulated hour; 22 s is a hundred standard deviations later.
    expect(r.endMs).toBeGreaterThan(0);
    expect(r.endMs).toBeLessThan((10 * 2000) / 0.9);
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
  it('maxWallMs stops a long run with time-budget and a reason, at an event checkpoint, early in simulated time', () => {
    // A day of 1,000 requests/s is ~170 million events. The wall clock is read every 65,536
    // events, so a 1 ms budget stops the run at a checkpoint — the first one on any machine
    // slower than 65 million events per millisecond, a later one otherwise — and a tenth of
    // the day (17 million events in 1 ms) is out of reach of any machine.
    const long: Scenario = { ...OVERLOADED, durationMs: 86_400_000, services: [{ ...OVERLOADED.services[0], workers: 20 }] };
    const r = simulate(long, { maxWallMs: 1 });
    expect(r.status).toBe('time-budget');
    expect(r.stopReason).toMatch(/time budget/i);
    expect(r.stopReason).toMatch(/--max-wall/);
    expect(r.events % 65_536).toBe(0);
    expect(r.events).toBeGreaterThan(0);
    expect(r.endMs).toBeLessThan(long.durationMs / 10);
    expectConservation(r);
  });

  it('a run that needs far less than its wall-clock budget completes, identical to a run without one', () => {
    const short: Scenario = { ...OVERLOADED, durationMs: 1000, features: [{ name: 'f', ratePerMs: 0.05, entry: 'api' }] };
    const r = simulate(short, { maxWallMs: 600_000 });
    expect(r.status).toBe('complete');
    expect(JSON.stringify(r)).toBe(JSON.stringify(simulate(short)));
  });
});
