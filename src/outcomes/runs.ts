/**
 * Replications of one scenario (`brownout run --runs N`): each metric's mean and 95% interval.
 */
import type { Scenario } from '../scenario/types.js';
import { runExperiment, samplesByArm, type Experiment } from './experiment.js';
import { textHash } from './hash.js';
import { localBatch, type Budgets, type Simulate } from './local-batch.js';
import { CONFIDENCE, replicationSeeds, summaryOf } from './replicate.js';
import type { ExperimentSpec, MetricsOf, RunBatch, RunsReport, Samples } from './experiment-types.js';

export interface PlanOptions {
  runs: number;
  /** Base seed (default: the scenario's). */
  seed?: number;
  /** Hash identifying the scenario's text (default: a hash of the scenario object). */
  hash?: string;
}

export interface RunOptions extends PlanOptions {
  metricsOf: MetricsOf;
  simulate?: Simulate;
  budgets?: Budgets;
  /** Another runner for the work (a worker pool); default: one by one here. */
  runBatch?: RunBatch;
}

/** `runs` replications of the scenario: its metrics with their 95% intervals. */
export function replications(scenario: Scenario, options: RunOptions): RunsReport {
  const exp = planRuns(scenario, options);
  const runBatch = options.runBatch ?? localBatch(options.metricsOf, options.simulate, options.budgets);
  return summarizeRuns(exp.spec, samplesByArm(exp.spec, runExperiment(exp, runBatch)));
}

/** The work of `runs` replications: one arm. */
export function planRuns(scenario: Scenario, options: PlanOptions): Experiment {
  return { spec: specOf('runs', scenario, options, [scenario.name]), arms: [scenario] };
}

/** The report of a runs experiment from its samples. */
export function summarizeRuns(spec: ExperimentSpec, byArm: Samples[][]): RunsReport {
  return { kind: 'runs', ...headOf(spec), metrics: summaryOf(byArm[0]) };
}

/** The spec every experiment starts from. */
export function specOf(kind: ExperimentSpec['kind'], scenario: Scenario, options: PlanOptions, arms: string[]): ExperimentSpec {
  return {
    kind,
    scenario: scenario.name,
    scenarioHash: options.hash ?? textHash(JSON.stringify(scenario)),
    runs: options.runs,
    seeds: replicationSeeds(options.seed ?? scenario.seed, options.runs),
    arms,
  };
}

/** The identity fields every report carries. */
export function headOf(spec: ExperimentSpec) {
  return { scenario: spec.scenario, scenarioHash: spec.scenarioHash, runs: spec.runs, seeds: spec.seeds, confidence: CONFIDENCE };
}
