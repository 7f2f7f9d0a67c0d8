/**
 * The bundled scenarios' sliders and presentation stories. Every scenario gets sensible derived
 * knobs (its own declared ones set aside); each also declares knobs and a story, and each story
 * step is checked against what really happens in the base run (here, or in the scenario's
 * test/scenarios/story-*.test.ts): the storm's times from the file, the breaks and levels from a
 * simulation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { summarize } from '../../src/outcomes/summarize.js';
import { applyParams, formatProblem, knobsOf, readParam, storyOf, writeKnob, type Knob, type Scenario } from '../../src/scenario/index.js';
import { loadScenarioFile } from '../../src/scenario/load-file.js';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

function load(file: string): { scenario: Scenario; text: string } {
  const loaded = loadScenarioFile(`scenarios/${file}`);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return { scenario: loaded.scenario, text: readFileSync(`scenarios/${file}`, 'utf8') };
}

/** Problems of the file with one knob set to `value` (none expected). */
function problemsAt(text: string, file: string, knob: Knob, value: number): string[] {
  const applied = applyParams(text, { [knob.param]: writeKnob(knob, value) }, file, { readFile: (path) => readFileSync(`scenarios/${path}`, 'utf8') });
  return applied.ok ? [] : applied.problems.map(formatProblem);
}

describe.each(files)('derived knobs of scenarios/%s', (file) => {
  const { scenario, text } = load(file);
  const { knobs: _declared, ...undeclared } = scenario;
  const knobs = knobsOf(undeclared, text);

  it('are some, at most 12, storms first, each a readable path with its value inside its range', () => {
    expect(knobs.length).toBeGreaterThan(0);
    expect(knobs.length).toBeLessThanOrEqual(12);
    const storms = knobs.filter((k) => k.group === 'Storm').length;
    expect(knobs.slice(0, storms).every((k) => k.group === 'Storm')).toBe(true);
    for (const k of knobs) {
      expect(readParam(text, k.param), k.param).not.toBeUndefined();
      expect(k.min, k.param).toBeLessThan(k.max);
      expect(k.value, k.param).toBeGreaterThanOrEqual(k.min);
      expect(k.value, k.param).toBeLessThanOrEqual(k.max);
      expect(k.step, k.param).toBeGreaterThan(0);
      expect(k.label.length, k.param).toBeGreaterThan(0);
      if (k.whole) expect([k.min, k.max, k.value, k.step].every(Number.isInteger), k.param).toBe(true);
    }
  });

  it('keep the file (and its variants) valid at both ends of every slider', () => {
    for (const k of knobs) {
      expect(problemsAt(text, file, k, k.max), `${k.param} at its max`).toEqual([]);
      expect(problemsAt(text, file, k, k.min), `${k.param} at its min`).toEqual([]);
    }
  });
});

/** Every bundled scenario declares its knobs and a story (one that does not fails below). */
const PRESENTED = files;

describe.each(PRESENTED)('declared knobs and story of scenarios/%s', (file) => {
  const { scenario, text } = load(file);
  const knobs = knobsOf(scenario, text);

  it('declares 3 to 6 knobs around the values the file holds', () => {
    expect(knobs.length).toBeGreaterThanOrEqual(3);
    expect(knobs.length).toBeLessThanOrEqual(6);
    for (const k of knobs) expect(k.declared && k.note === undefined, `${k.param}: ${k.note}`).toBe(true);
  });

  it("round trip: writing each knob's own value gives the same scenario", () => {
    for (const k of knobs) {
      const applied = applyParams(text, { [k.param]: writeKnob(k, k.value) }, file);
      expect(applied.ok && applied.scenario, k.param).toEqual(scenario);
    }
  });

  it('tells its story in 4 to 7 steps, inside the run, in order', () => {
    const story = storyOf(scenario);
    expect(story.length).toBeGreaterThanOrEqual(4);
    expect(story.length).toBeLessThanOrEqual(7);
    expect(story.every((s, i) => s.atMs <= scenario.durationMs && (i === 0 || s.atMs > story[i - 1].atMs))).toBe(true);
  });
});

const MINUTE = 60_000;
const stepAt = (scenario: Scenario, minutes: number) => storyOf(scenario).find((s) => s.atMs === minutes * MINUTE);

describe('each story step matches what happens in the base run', () => {
  it('checkout-breaker: failure at 5m, breaker open by 5.5m, payments back at 7m, SLO back by 9m', () => {
    const { scenario } = load('checkout-breaker.yaml');
    const result = simulate(scenario);
    const outcomes = summarize(result, scenario);
    const fault = scenario.faults![0];
    expect([fault.startMs, fault.startMs + fault.durationMs]).toEqual([5 * MINUTE, 7 * MINUTE]);
    expect(stepAt(scenario, 5)?.text).toMatch(/starts failing/);
    const open = outcomes.breaks.find((b) => b.kind === 'breaker-open')!;
    expect(open.t).toBeGreaterThan(5 * MINUTE);
    expect(open.t).toBeLessThanOrEqual(5.5 * MINUTE);
    expect(stepAt(scenario, 7)?.text).toMatch(/recovers/);
    const slo = outcomes.features.checkout.slo!;
    const lastOut = slo.out.lastIndexOf(true);
    expect(lastOut).toBeGreaterThan(0);
    expect(result.series.t[lastOut] + result.series.bucketMs).toBeLessThanOrEqual(9 * MINUTE);
    expect(stepAt(scenario, 9)?.text).toMatch(/back within its SLO/);
  });

  it('retry-storm: slowdown 5m to 5m20s, and the API still fully busy at 8m', () => {
    const { scenario } = load('retry-storm.yaml');
    const result = simulate(scenario);
    const fault = scenario.faults![0];
    expect([fault.startMs, fault.startMs + fault.durationMs]).toEqual([5 * MINUTE, 5 * MINUTE + 20_000]);
    expect(stepAt(scenario, 5.5)?.text).toMatch(/ended at 5m20s/);
    const s = result.series;
    const before8 = s.t.findIndex((t) => t + s.bucketMs === 8 * MINUTE);
    expect(s.services.api.utilization[before8]).toBeGreaterThan(0.95);
    expect(stepAt(scenario, 8)?.text).toMatch(/fully busy/);
  });

  it('celebrity-spike: spike from 8m, shedding before 8.5m, recommendations back before 13m', () => {
    const { scenario } = load('celebrity-spike.yaml');
    const result = simulate(scenario);
    const spike = scenario.load![0];
    expect(spike.kind === 'spike' && [spike.startMs, spike.startMs + spike.durationMs]).toEqual([8 * MINUTE, 13 * MINUTE]);
    const changes = result.shedding[0].changes;
    expect(changes[0].level).toBe(1);
    expect(changes[0].t).toBeGreaterThan(8 * MINUTE);
    expect(changes[0].t).toBeLessThanOrEqual(8.5 * MINUTE);
    const back = changes.find((c) => c.level === 0)!;
    expect(back.t).toBeGreaterThan(12.5 * MINUTE);
    expect(back.t).toBeLessThanOrEqual(13 * MINUTE);
    expect(stepAt(scenario, 13)?.text).toMatch(/back in at about 12m40s/);
    expect(Math.abs(back.t - (12 * MINUTE + 40_000))).toBeLessThan(10_000);
  });

  it('three-tier: nothing breaks in the base run, and payments saturates near 33 checkouts a second', () => {
    const { scenario } = load('three-tier.yaml');
    const result = simulate(scenario);
    expect(summarize(result, scenario).breaks).toEqual([]);
    // Payments serves every checkout: 8/s × 120 ms on 4 workers is 24% busy, "about a quarter".
    expect(result.services.payments.utilization).toBeCloseTo(0.24, 2);
    expect(stepAt(scenario, 2)?.text).toMatch(/about a quarter busy/);
    // Payments: 4 workers, a constant 120 ms a payment: 4 / 0.12 s = 33.3 payments a second.
    const payments = scenario.services.find((x) => x.name === 'payments')!;
    expect(payments.serviceTime).toEqual({ kind: 'constant', value: 120 });
    expect(Math.floor(payments.workers / 0.12)).toBe(33);
    expect(stepAt(scenario, 5)?.text).toMatch(/near 33 a second/);
  });
});
