/**
 * Replications, comparisons and sweeps on a tiny scenario: common random numbers, paired
 * differences, breaking points, and shards that merge into exactly the unsharded result.
 */
import { describe, expect, it } from 'vitest';
import { compare, planCompare, summarizeCompare } from '../../src/outcomes/compare.js';
import { ExperimentError } from '../../src/outcomes/errors.js';
import { runExperiment, samplesByArm } from '../../src/outcomes/experiment.js';
import { localBatch } from '../../src/outcomes/local-batch.js';
import { mergeShards } from '../../src/outcomes/merge.js';
import { planRuns, replications, summarizeRuns } from '../../src/outcomes/runs.js';
import { runShard } from '../../src/outcomes/shard.js';
import { finishSweep, planSweep, sweep } from '../../src/outcomes/sweep.js';
import type { Scenario } from '../../src/scenario/types.js';
import { breaks, metricsOf, parsed, TINY, withVariants, workers } from './support.js';

const base = parsed(TINY);
const scenario: Scenario = withVariants(base, { same: (s) => s, eight: workers(8), two: workers(2) });

describe('replications', () => {
  it('seeds from the scenario, a mean and interval per metric, the same every time', () => {
    const r = replications(base, { runs: 4, metricsOf });
    expect(r.kind).toBe('runs');
    expect(r.seeds).toEqual([3, 4, 5, 6]);
    const arrivals = r.metrics['browse.arrivals'];
    expect(arrivals.n).toBe(4);
    // 18 s measured at 40/s: about 720 arrivals.
    expect(arrivals.mean).toBeGreaterThan(600);
    expect(arrivals.mean).toBeLessThan(840);
    expect(arrivals.low).toBeLessThan(arrivals.mean);
    expect(arrivals.high).toBeGreaterThan(arrivals.mean);
    expect(JSON.stringify(replications(base, { runs: 4, metricsOf }))).toBe(JSON.stringify(r));
  });

  it('--seed moves the seeds', () => {
    expect(replications(base, { runs: 2, seed: 100, metricsOf }).seeds).toEqual([100, 101]);
  });

  it('a run stopped by a budget fails the experiment with the reason', () => {
    expect(() => replications(base, { runs: 2, metricsOf, budgets: { maxEvents: 50 } })).toThrow(/seed 3 stopped early: event budget/);
  });
});

describe('compare on common random numbers', () => {
  const report = compare(scenario, { runs: 4, metricsOf });

  it('runs base and every declared variant on the same seeds', () => {
    expect(report.variants).toEqual(['same', 'eight', 'two']);
    expect(report.seeds).toEqual([3, 4, 5, 6]);
  });

  it('an unchanged variant differs by exactly 0 in every metric', () => {
    for (const m of Object.values(report.metrics)) {
      expect(m.variants.same.difference).toEqual({ mean: 0, sd: 0, low: 0, high: 0, n: 4 });
    }
  });

  it('arrivals are the same draws in every arm: their paired difference is exactly 0', () => {
    for (const v of ['eight', 'two']) expect(report.metrics['browse.arrivals'].variants[v].difference.sd).toBe(0);
  });

  it('paired differences: fewer workers fail more, more workers fail fewer, and the intervals say so', () => {
    const failed = report.metrics['browse.failed'];
    expect(failed.variants.two.difference.low).toBeGreaterThan(0);
    expect(failed.variants.eight.difference.high).toBeLessThan(0);
    // The difference is the difference of the means (same seeds, so paired).
    expect(failed.variants.two.difference.mean).toBeCloseTo(failed.variants.two.value.mean - failed.base.mean, 9);
  });

  it('chooses variants by name, in the order given', () => {
    expect(compare(scenario, { runs: 2, metricsOf, variants: ['two', 'same'] }).variants).toEqual(['two', 'same']);
  });

  it('an unknown variant names the known ones; a scenario without variants says how to declare one', () => {
    expect(() => planCompare(scenario, { runs: 2, variants: ['three'] })).toThrow(ExperimentError);
    expect(() => planCompare(scenario, { runs: 2, variants: ['three'] })).toThrow('unknown variant "three": "Tiny" declares same, eight, two');
    expect(() => planCompare(base, { runs: 2 })).toThrow(/declares no variants.*variants:/);
    expect(() => planCompare(scenario, { runs: 2, variants: ['two', 'two'] })).toThrow(/named twice/);
  });

  it('a metric an arm never reports is unknown there; one missing from some of its runs counts as 0 in those', () => {
    const spec = planCompare(scenario, { runs: 2, variants: ['same'] }).spec;
    const r = summarizeCompare(spec, [[{ a: 1, c: 5 }, { a: 3 }], [{ a: 1, b: 2, c: 1 }, { a: 3, b: 4, c: 1 }]]);
    expect(r.metrics.b.base.mean).toBeNaN();
    expect(r.metrics.b.variants.same.value.mean).toBe(3);
    expect(r.metrics.b.variants.same.difference.mean).toBeNaN();
    // c is missing from the base's second run: 0 there.
    expect(r.metrics.c.base.mean).toBe(2.5);
    expect(r.metrics.c.variants.same.difference.mean).toBe(-1.5);
  });
});

describe('sweeps', () => {
  it('tabulates every value on the same seeds and bisects to where the core feature breaks', () => {
    const r = sweep(TINY, 'tiny.yaml', { param: 'services.web.workers=12..2:3', runs: 2, metricsOf, breaks });
    expect(r.points.map((p) => p.label)).toEqual(['12', '7', '2']);
    expect(r.points.map((p) => p.value)).toEqual([12, 7, 2]);
    expect(r.param).toEqual({ spec: 'services.web.workers=12..2:3', path: 'services.web.workers', whole: true });
    // Arrivals do not depend on the workers: same seeds, same draws at every value.
    expect(new Set(r.points.map((p) => p.metrics['browse.arrivals'].mean)).size).toBe(1);
    expect(r.breaks.map((b) => b.feature).sort()).toEqual(['browse', 'checkout']);
    for (const b of r.breaks) {
      expect(b.status).toBe('breaks');
      expect(b.ok! - b.broken).toBe(1);
      expect(b.ok!).toBeLessThanOrEqual(7);
    }
  });

  it('a bad value for the field is a plain error naming the value and the problem', () => {
    expect(() => sweep(TINY, 'tiny.yaml', { param: 'services.web.workers=0..4:3', runs: 1, metricsOf })).toThrow(/workers = 0: tiny\.yaml:\d+:\d+:/);
    expect(() => sweep(TINY, 'tiny.yaml', { param: 'services.web.wrokers=1..4:2', runs: 1, metricsOf })).toThrow(ExperimentError);
  });

  it('without a breaks predicate, no breaking points', () => {
    expect(sweep(TINY, 'tiny.yaml', { param: 'features.browse.rate=10/s..20/s:2', runs: 1, metricsOf }).breaks).toEqual([]);
  });
});

describe('shards', () => {
  const runBatch = localBatch(metricsOf);
  const context = { producer: 'test', file: 'tiny.yaml' };
  const docs = (exp: Parameters<typeof runShard>[0], n: number, text?: string) =>
    Array.from({ length: n }, (_, i) => ({ name: `s${i + 1}.json`, text: JSON.stringify(runShard(exp, { k: i + 1, n }, runBatch, { ...context, text })) }));

  it('shard K of N takes the items with index mod N = K − 1', () => {
    const exp = planRuns(base, { runs: 7 });
    const doc = runShard(exp, { k: 2, n: 3 }, runBatch, context);
    expect(doc.items.map((i) => i.index)).toEqual([1, 4]);
    expect(doc.spec.seeds).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('merged runs equal the unsharded runs, bit for bit', () => {
    const exp = planRuns(base, { runs: 5 });
    const whole = summarizeRuns(exp.spec, samplesByArm(exp.spec, runExperiment(exp, runBatch)));
    const merged = mergeShards(docs(exp, 3).reverse());
    expect(JSON.stringify(summarizeRuns(merged.first.spec, merged.byArm))).toBe(JSON.stringify(whole));
  });

  it('merged comparison equals the unsharded one, bit for bit', () => {
    const exp = planCompare(scenario, { runs: 3, variants: ['two', 'eight'] });
    const whole = compare(scenario, { runs: 3, variants: ['two', 'eight'], metricsOf });
    const merged = mergeShards(docs(exp, 4));
    expect(JSON.stringify(summarizeCompare(merged.first.spec, merged.byArm))).toBe(JSON.stringify(whole));
  });

  it('merged sweep (bisection after the merge) equals the unsharded one, bit for bit', () => {
    const options = { param: 'services.web.workers=10..2:3', runs: 2, metricsOf, breaks };
    const whole = sweep(TINY, 'tiny.yaml', options);
    const merged = mergeShards(docs(planSweep(TINY, 'tiny.yaml', options), 2, TINY));
    const plan = planSweep(merged.first.text!, merged.first.file, { ...options, param: merged.first.spec.param! });
    expect(JSON.stringify(finishSweep(plan, merged.byArm, runBatch, breaks))).toBe(JSON.stringify(whole));
  });

  it('refuses shards that do not belong together, with one clear reason', () => {
    const exp = planRuns(base, { runs: 4 });
    const three = docs(exp, 3);
    expect(() => mergeShards([three[0], three[2]])).toThrow('shard 2/3 missing: merge needs all 3');
    expect(() => mergeShards([three[0], three[1], three[2], { ...three[1], name: 'again.json' }])).toThrow('shard 2/3 is given twice (s2.json and again.json)');
    const otherSeeds = docs(planRuns(base, { runs: 4, seed: 9 }), 3);
    expect(() => mergeShards([three[0], otherSeeds[1], three[2]])).toThrow('s2.json does not belong with s1.json: other seeds (seeds 9..12, not seeds 3..6)');
    const otherText = docs(planRuns(base, { runs: 4, hash: 'feedfacefeedface' }), 3);
    expect(() => mergeShards([three[0], otherText[1], three[2]])).toThrow(/another scenario text/);
    const twoWays = docs(exp, 2);
    expect(() => mergeShards([three[0], twoWays[1]])).toThrow(/split 2 ways, not 3/);
    expect(() => mergeShards([{ name: 'x.json', text: '{"hello": 1}' }])).toThrow('x.json is not a brownout-shard/1 file');
    expect(() => mergeShards([{ name: 'y.json', text: 'name: Tiny' }])).toThrow(/y\.json is not a shard file \(not JSON\)/);
    expect(() => mergeShards([])).toThrow(/at least one/);
  });
});
