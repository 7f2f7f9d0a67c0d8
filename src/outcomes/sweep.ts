/**
 * Sweeps of one parameter: the metrics at each value (every value on the same seeds, so the
 * curves are smooth and comparable), and where each feature first breaks its SLO, found by
 * bisection between the tabulated values on the mean metrics over the replications.
 */
import { formatProblem } from '../scenario/format.js';
import { parseScenario, type ParseOptions } from '../scenario/parse.js';
import type { Scenario } from '../scenario/types.js';
import { findBreaks } from './bisect.js';
import { ExperimentError } from './errors.js';
import { runExperiment, samplesByArm, type Experiment } from './experiment.js';
import { textHash } from './hash.js';
import { localBatch } from './local-batch.js';
import { paramAccess, type ParamAccess } from './param-access.js';
import { summaryOf } from './replicate.js';
import { headOf, specOf, type RunOptions } from './runs.js';
import { sweepAxis, type SweepAxis } from './sweep-axis.js';
import type { Breaks, RunBatch, Samples, Stat, SweepReport } from './experiment-types.js';

export interface SweepOptions extends Omit<RunOptions, 'hash'> {
  /** `PATH=FROM..TO[:STEPS]` (see sweep-axis.ts). */
  param: string;
  /** The features out of their SLO given mean metrics; without it no breaking points are sought. */
  breaks?: Breaks;
  /** Reads and sets the field (default: src/scenario/param.ts's). */
  params?: ParamAccess;
  /** How the scenario reads the files it names (a replay's CSV), as for parseScenario. */
  parse?: ParseOptions;
}

/** A planned sweep: its arms are the scenario at each value of the axis. */
export interface SweepPlan extends Experiment {
  /** The scenario as the file has it. */
  base: Scenario;
  axis: SweepAxis;
  /** The scenario at any value of the axis (bisection probes values between the arms). */
  at(value: number): Scenario;
}

/** Runs the sweep: metrics at each value, then the breaking points. */
export function sweep(text: string, file: string, options: SweepOptions): SweepReport {
  const plan = planSweep(text, file, options);
  const runBatch = options.runBatch ?? localBatch(options.metricsOf, options.simulate, options.budgets);
  return finishSweep(plan, samplesByArm(plan.spec, runExperiment(plan, runBatch)), runBatch, options.breaks);
}

/** Parses the spec and builds the scenario at each value (a bad value is an ExperimentError naming the problem). */
export function planSweep(text: string, file: string, options: Pick<SweepOptions, 'param' | 'runs' | 'seed' | 'params' | 'parse'>): SweepPlan {
  const params = options.params ?? paramAccess;
  const base = parseScenario(text, file, options.parse);
  if (!base.ok) throw new ExperimentError(`${formatProblem(base.problems[0])}${more(base.problems.length)}`);
  const axis = sweepAxis(options.param, params.readParam(text, options.param.split('=')[0].trim()));
  const at = (value: number): Scenario => {
    const parsed = params.setParam(text, axis.path, axis.write(value), file, options.parse);
    if (parsed.ok) return parsed.scenario;
    throw new ExperimentError(`with ${axis.path} = ${axis.label(value)}: ${formatProblem(parsed.problems[0])}${more(parsed.problems.length)}`);
  };
  const spec = { ...specOf('sweep', base.scenario, { ...options, hash: textHash(text) }, axis.values.map(axis.label)), param: options.param };
  return { spec, base: base.scenario, arms: axis.values.map(at), axis, at };
}

/** The report from the tabulated samples; bisection runs more replications through `runBatch`. */
export function finishSweep(plan: SweepPlan, byArm: Samples[][], runBatch: RunBatch, breaks?: Breaks): SweepReport {
  const { axis, spec } = plan;
  const points = axis.values.map((value, j) => ({ value, label: axis.label(value), metrics: summaryOf(byArm[j]) }));
  const probe = (values: number[]): string[][] => {
    const items = values.flatMap((_, arm) => spec.seeds.map((seed) => ({ arm, seed })));
    const samples = runBatch(values.map(plan.at), items);
    return values.map((_, j) => breaks!(means(summaryOf(samples.slice(j * spec.runs, (j + 1) * spec.runs)))));
  };
  const grid = points.map((p) => ({ value: p.value, broken: breaks ? breaks(means(p.metrics)) : [] }));
  return {
    kind: 'sweep',
    ...headOf(spec),
    param: { spec: axis.spec, path: axis.path, whole: axis.whole },
    points,
    breaks: breaks ? findBreaks(grid, { tolerance: axis.tolerance, snap: axis.snap, label: axis.label }, probe) : [],
  };
}

const means = (stats: Record<string, Stat>): Samples => Object.fromEntries(Object.entries(stats).map(([k, s]) => [k, s.mean]));
const more = (n: number) => (n > 1 ? ` (and ${n - 1} more problem${n > 2 ? 's' : ''})` : '');
