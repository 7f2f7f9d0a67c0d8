/**
 * docs/tutorial.md, run as a reader would: every ```yaml block is the whole lunch.yaml at that
 * step; each parses and runs, the broken one and the empty file print what the page shows, and
 * the claims the text makes are checked against the runs (expectations from the scenario's own
 * figures: rates, service times, the storm's window, not from earlier output).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { cli, ok } from '../cli/run-cli.js';

const page = readFileSync('docs/tutorial.md', 'utf8');
const fences = [...page.matchAll(/^```([\w ]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ info: m[1].trim(), text: m[2] }));
const steps = fences.filter((f) => f.info === 'yaml').map((f) => f.text);
const dir = mkdtempSync(join(tmpdir(), 'tutorial-'));
const FILE = join(dir, 'lunch.yaml');

/** Writes `text` as lunch.yaml and returns what `brownout run --json` says about it. */
function run(text: string) {
  writeFileSync(FILE, text);
  return JSON.parse(ok('run', FILE, '--json'));
}

/** The output block right after the fence whose text is `text`. */
function shownAfter(text: string): string {
  const at = fences.findIndex((f) => f.text === text);
  expect(fences[at + 1].info).toBe('');
  return fences[at + 1].text;
}

const ORDER_RATE = 5 / 1000, MEASURED_MS = 28 * 60_000;

describe('docs/tutorial.md', () => {
  it('has six whole files, one deliberately broken first attempt, and ends with variants', () => {
    expect(steps).toHaveLength(6);
    expect(fences.filter((f) => f.info === 'yaml broken')).toHaveLength(1);
    for (const text of steps) {
      const parsed = parseScenario(text, 'lunch.yaml');
      expect(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.problems)).toBe(true);
    }
    const last = parseScenario(steps[5], 'lunch.yaml');
    expect(last.ok && last.scenario.variants?.map((v) => v.name)).toEqual(['loyalty-optional', 'more-checkout-workers']);
    expect(last.ok && [last.scenario.knobs?.length, last.scenario.story?.length]).toEqual([3, 3]);
  });

  it('shows the empty file\'s and the first attempt\'s problems exactly as validate prints them (exit 2)', () => {
    const emptyShown = fences.find((f) => f.info === '' && f.text.includes('the file is empty'))!.text;
    writeFileSync(FILE, '');
    const empty = cli('validate', FILE);
    expect([empty.code, empty.stderr.replaceAll(`${dir}/`, '')]).toEqual([2, emptyShown]);
    const broken = fences.find((f) => f.info === 'yaml broken')!.text;
    writeFileSync(FILE, broken);
    const bad = cli('validate', FILE);
    expect([bad.code, bad.stderr.replaceAll(`${dir}/`, '')]).toEqual([2, shownAfter(broken)]);
  });

  it('step 2: every order succeeds in about 20 ms, checkout about 0.5% busy', () => {
    const r = run(steps[0]);
    const order = r.features.order;
    const expected = ORDER_RATE * MEASURED_MS; // 8,400
    expect(Math.abs(order.arrivals - expected)).toBeLessThan(4 * Math.sqrt(expected));
    expect([order.failed, order.abandoned]).toEqual([0, 0]);
    expect(order.latencyMs.mean).toBeGreaterThan(18);
    expect(order.latencyMs.mean).toBeLessThan(22);
    expect(r.services.checkout.utilization).toBeCloseTo((ORDER_RATE * 20) / 20, 3);
  });

  it('step 3: an order takes about 170 ms at the median (20 + 120 + 30), nothing fails', () => {
    const r = run(steps[1]);
    expect(r.features.order.latencyMs.p50).toBeGreaterThan(150);
    expect(r.features.order.latencyMs.p50).toBeLessThan(200);
    for (const feature of ['order', 'browse']) expect(r.features[feature].failed + r.features[feature].abandoned).toBe(0);
  });

  it('step 4: on a calm lunch almost no value is lost, no tickets, both SLOs kept', () => {
    const o = run(steps[2]).outcomes;
    expect(o.totals.value.lost).toBeLessThan(0.001 * o.totals.value.potential);
    expect(o.totals.tickets).toBe(0);
    for (const feature of ['order', 'browse']) expect(o.features[feature].slo.outOfSloMs).toBe(0);
  });

  it('step 5: order leaves its SLO at 10:00, loyalty then checkout saturate, over a thousand users give up', () => {
    const r = run(steps[3]);
    const breaks = r.outcomes.breaks.map((b: { t: number; kind: string; subject: string }) => [b.kind, b.subject, b.t]);
    const at = (kind: string, subject: string) => breaks.find(([k, s]: string[]) => k === kind && s === subject)?.[2];
    expect(at('slo', 'order')).toBe(10 * 60_000);
    expect(at('saturation', 'loyalty')).toBe(10 * 60_000 + 5_000);
    expect(at('saturation', 'checkout')).toBe(10 * 60_000 + 10_000);
    expect(r.outcomes.breaks.find((b: { subject: string; kind: string }) => b.subject === 'checkout' && b.kind === 'saturation').path.text)
      .toMatch(/because loyalty saturates .* because of the slowdown of loyalty \(50x\)/);
    const duringSlowdown = ORDER_RATE * 5 * 60_000; // 1,500 orders
    expect(r.features.order.abandoned).toBeGreaterThan(1000);
    expect(r.features.order.abandoned).toBeGreaterThan(0.8 * duringSlowdown);
    expect(r.outcomes.totals.value.lost).toBeGreaterThan(20_000); // tens of thousands of dollars
    expect(r.outcomes.totals.tickets).toBeGreaterThanOrEqual(24); // dozens
    expect(r.features.browse.failed + r.features.browse.abandoned).toBe(0);
  });

  describe('steps 6 to 8: the variants compared, the brief', () => {
    let metrics: Record<string, { base: { mean: number }; variants: Record<string, { value: { mean: number } }> }>;
    beforeAll(() => {
      writeFileSync(FILE, steps[4]);
      metrics = JSON.parse(ok('compare', FILE, '--threads', '1', '--json')).metrics;
    });
    const arm = (metric: string, name: string) => (name === 'base' ? metrics[metric].base.mean : metrics[metric].variants[name].value.mean);

    it('loyalty-optional loses far fewer orders: a handful give up instead of about 1,500, over 95% of the loss saved', () => {
      const base = arm('order.users.abandoned', 'base');
      expect(base).toBeGreaterThan(1300);
      expect(base).toBeLessThan(1700);
      expect(arm('order.users.abandoned', 'loyalty-optional')).toBeLessThan(30);
      expect(arm('total.value.lost', 'loyalty-optional')).toBeLessThan(0.05 * arm('total.value.lost', 'base'));
    });

    it('its price: about 1,500 orders degraded (no points)', () => {
      const degraded = arm('order.users.degraded', 'loyalty-optional');
      expect(degraded).toBeGreaterThan(1300);
      expect(degraded).toBeLessThan(1700);
      expect(arm('order.users.degraded', 'base')).toBe(0);
    });

    it('more checkout workers lose nearly as many orders as doing nothing', () => {
      expect(arm('order.users.abandoned', 'more-checkout-workers')).toBeGreaterThan(0.9 * arm('order.users.abandoned', 'base'));
    });

    it('the final file, with knobs and story, compares, and its brief names loyalty-optional as protecting value best', () => {
      writeFileSync(FILE, steps[5]);
      const doc = JSON.parse(ok('compare', FILE, '--runs', '2', '--threads', '1', '--json'));
      expect(doc.variants).toEqual(['loyalty-optional', 'more-checkout-workers']);
      const brief = ok('brief', FILE, '--runs', '2', '--threads', '1');
      expect(brief).toMatch(/^# Reliability Impact Brief: Lunch rush/);
      expect(brief).toContain('loyalty-optional protects value best');
    });
  });
});
