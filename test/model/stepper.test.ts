/**
 * A run taken in steps (the web app's chunked runs) is the run `simulate` makes, bit for bit,
 * whatever the steps and however many snapshots were taken between them; snapshots show the
 * run so far, cut at a bucket boundary.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { Stepper } from '../../src/model/stepper.js';
import { loadScenarioFile } from '../../src/scenario/load-file.js';
import { parseScenario } from '../../src/scenario/parse.js';
import type { Scenario } from '../../src/scenario/types.js';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

function load(file: string): Scenario {
  const loaded = loadScenarioFile(`scenarios/${file}`);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return loaded.scenario;
}

describe('a run in steps', () => {
  it.each(files)('%s: irregular steps with snapshots end in the result simulate gives, byte for byte', (file) => {
    const scenario = load(file);
    const whole = JSON.stringify(simulate(scenario));
    const run = new Stepper(scenario);
    const { start, width } = run.buckets;
    let until = 0, k = 0, snapshots = 0, lastEvents = 0;
    while (!run.done) {
      // Alternate odd step lengths with stops exactly on a bucket boundary (where snapshots are taken).
      k++;
      if (k % 3 === 0) until = start + Math.ceil((until - start) / width + 1 + (k % 5)) * width;
      else until += scenario.durationMs / (6.7 + k);
      // Every other slice is also cut after an odd number of events, mid-time.
      run.advance(until, k % 2 ? 40_000 + 7 * k : Infinity);
      until = Math.max(until, run.now);
      const snap = run.snapshot();
      if (snap) {
        snapshots++;
        expect(snap.endMs).toBe(run.now);
        expect(snap.series.t.length).toBe(Math.round((run.now - start) / width));
        expect(snap.events).toBeGreaterThanOrEqual(lastEvents);
        lastEvents = snap.events;
      }
    }
    expect(snapshots).toBeGreaterThan(0);
    expect(JSON.stringify(run.result())).toBe(whole);
  });

  it('an event budget stops a stepped run at the same event as an unstepped one', () => {
    const scenario = load('three-tier.yaml');
    const whole = simulate(scenario, { maxEvents: 123_457 });
    const run = new Stepper(scenario, { maxEvents: 123_457 });
    for (let t = 0; !run.done; t += 1000) run.advance(t);
    expect(whole.status).toBe('event-budget');
    expect(JSON.stringify(run.result())).toBe(JSON.stringify(whole));
  });

  it('no snapshot off a bucket boundary, before the first bucket ends, or once done', () => {
    const scenario = load('checkout-breaker.yaml');
    const run = new Stepper(scenario);
    const { start, width } = run.buckets;
    run.advance(start);
    expect(run.snapshot()).toBeNull();
    run.advance(start + width * 2.5);
    expect(run.snapshot()).toBeNull();
    // Time never goes back: an earlier `until` runs nothing and leaves the clock where it was.
    const events = run.events;
    run.advance(start);
    expect([run.now, run.events]).toEqual([start + width * 2.5, events]);
    run.advance(scenario.durationMs);
    expect(run.done).toBe(true);
    expect(run.snapshot()).toBeNull();
  });

  it('a slice paused by its event cap at exactly the end time is not the end: the events still due then run', () => {
    // Two faults end at the run's end, so events are due at exactly t = end.
    const parsed = parseScenario(`name: ends at the end
duration: 2m
features: { shop: { rate: 50/s, entry: web } }
services: { web: { workers: 4, serviceTime: { exponential: 20ms } } }
faults:
  - errors: { service: web, start: 1m, duration: 1m, rate: 10% }
  - latency: { service: web, start: 1m, duration: 1m, factor: 2 }
`, 'end.yaml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const whole = JSON.stringify(simulate(parsed.scenario));
    const run = new Stepper(parsed.scenario);
    run.advance(119_000);
    // One event at a time up to the end: some pause with the clock at exactly 2m.
    let guard = 0;
    while (!run.done && guard++ < 1_000_000) run.advance(120_000, 1);
    expect(JSON.stringify(run.result())).toBe(whole);
  });

  it('the wall-clock budget holds for slices too short for the kernel to look at the clock', () => {
    const scenario = load('three-tier.yaml');
    const run = new Stepper(scenario, { maxWallMs: 1 });
    let slices = 0;
    while (!run.done) { run.advance(scenario.durationMs, 5_000); slices++; }
    expect(run.result().status).toBe('time-budget');
    expect(run.now).toBeLessThan(scenario.durationMs);
    expect(slices).toBeLessThan(1000);
  });
});
