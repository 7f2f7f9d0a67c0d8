/**
 * Base and variants on common random numbers: every arm runs the same seeds, and every random
 * source has its own named stream (arrivals per feature, service times per service...), so
 * the same seed gives the same draws wherever the variant leaves that source alone. Each
 * metric's difference is paired seed by seed (variant − base), which removes the noise the
 * arms share: its interval is far narrower than the difference of two independent means.
 */
import type { Scenario } from '../scenario/types.js';
import { variantOf, variantsOf } from '../scenario/resolve.js';
import { ExperimentError } from './errors.js';
import { runExperiment, samplesByArm, type Experiment } from './experiment.js';
import { localBatch } from './local-batch.js';
import { statOf, summaryOf } from './replicate.js';
import { headOf, specOf, type PlanOptions, type RunOptions } from './runs.js';
import type { CompareReport, ExperimentSpec, Samples, Stat, VariantStat } from './experiment-types.js';

export interface CompareOptions extends RunOptions {
  /** Variants to compare with the base, by name (default: all the scenario declares, in order). */
  variants?: string[];
}

/** Runs base and variants on the same seeds and compares every metric. */
export function compare(scenario: Scenario, options: CompareOptions): CompareReport {
  const exp = planCompare(scenario, options);
  const runBatch = options.runBatch ?? localBatch(options.metricsOf, options.simulate, options.budgets);
  return summarizeCompare(exp.spec, samplesByArm(exp.spec, runExperiment(exp, runBatch)));
}

/** The work of a comparison: arm 0 is the base, then each chosen variant. */
export function planCompare(scenario: Scenario, options: PlanOptions & { variants?: string[] }): Experiment {
  const declared = variantsOf(scenario);
  if (declared.length === 0) {
    throw new ExperimentError(`"${scenario.name}" declares no variants to compare: add a \`variants:\` map to the file, ` +
      'each variant a name and a patch of the settings it changes, e.g. variants: { more-workers: { patch: { services: { api: { workers: 8 } } } } }');
  }
  const names = options.variants ?? declared.map((v) => v.name);
  const known = declared.map((v) => v.name).join(', ');
  const chosen = names.map((name, i) => {
    const variant = variantOf(scenario, name);
    if (!variant) throw new ExperimentError(`unknown variant "${name}": "${scenario.name}" declares ${known}`);
    if (names.indexOf(name) !== i) throw new ExperimentError(`variant "${name}" is named twice`);
    return variant;
  });
  if (chosen.length === 0) throw new ExperimentError(`no variants chosen: "${scenario.name}" declares ${known}`);
  return {
    spec: specOf('compare', scenario, options, ['base', ...chosen.map((v) => v.name)]),
    arms: [scenario, ...chosen.map((v) => v.scenario)],
  };
}

/** The report of a comparison from its samples (arm 0 the base). */
export function summarizeCompare(spec: ExperimentSpec, byArm: Samples[][]): CompareReport {
  const [base, ...others] = byArm;
  const names = [...new Set(byArm.flat().flatMap((s) => Object.keys(s)))].sort();
  const baseStats = summaryOf(base.map((s) => fill(s, names)));
  const variants = spec.arms.slice(1);
  const metrics: CompareReport['metrics'] = {};
  // A metric an arm never reports (a variant without that feature's SLO, or without that service)
  // is unknown there, not 0; missing from only some runs, it counts as 0 in those.
  const has = (samples: Samples[], name: string) => samples.some((s) => name in s);
  for (const name of names) {
    const perVariant: Record<string, VariantStat> = {};
    const inBase = has(base, name);
    others.forEach((samples, v) => {
      const values = samples.map((s) => s[name] ?? 0);
      perVariant[variants[v]] = !has(samples, name) ? { value: UNKNOWN, difference: UNKNOWN }
        : { value: statOf(values, true), difference: inBase ? statOf(values.map((x, r) => x - (base[r][name] ?? 0))) : UNKNOWN };
    });
    metrics[name] = { base: inBase ? baseStats[name] : UNKNOWN, variants: perVariant };
  }
  return { kind: 'compare', ...headOf(spec), variants, metrics };
}

/** The statistic of a metric an arm does not report (NaN reads as null in JSON, – in tables). */
const UNKNOWN: Stat = { mean: NaN, sd: NaN, low: NaN, high: NaN, n: 0 };

/** The sample with every name present (missing ones 0). */
const fill = (s: Samples, names: string[]): Samples => Object.fromEntries(names.map((n) => [n, s[n] ?? 0]));
