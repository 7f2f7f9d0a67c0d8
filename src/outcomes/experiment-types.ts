/**
 * Shared types of experiments over runs (replications, comparisons, sweeps). Plain data only:
 * everything here is JSON-able, so it crosses a worker boundary or a file unchanged.
 */
import type { RunResult } from '../model/result.js';
import type { Scenario } from '../scenario/types.js';

/** One run's metrics by flat dotted name, e.g. `checkout.users.failed`. */
export type Samples = Record<string, number>;

/** Turns one run's result into its metrics (the real one is outcomes' `metrics(summarize(...))`). */
export type MetricsOf = (result: RunResult, scenario: Scenario) => Samples;

/** Names of the features out of their SLO, judged on (mean) metrics. */
export type Breaks = (metrics: Samples) => string[];

/** One simulation to do: which scenario of the batch (`arm`), and with which seed. */
export interface WorkItem {
  arm: number;
  seed: number;
}

/**
 * Runs a batch of work items and returns their metrics in the items' order (never in order of
 * completion). `onDone` is told after each finished item (for progress). Throws
 * ExperimentError when a run is stopped early by a budget.
 */
export type RunBatch = (arms: Scenario[], items: WorkItem[], onDone?: () => void) => Samples[];

/** A metric's mean over runs with its 95% Student t confidence interval. */
export interface Stat {
  mean: number;
  /** Sample standard deviation (n − 1); NaN (null in JSON) for one run. */
  sd: number;
  /** Confidence interval; NaN (null in JSON) for one run. */
  low: number;
  high: number;
  n: number;
}

/**
 * What fixes an experiment's work items, and so what shards must agree on to be merged. Work
 * item i is replication i mod runs of arm floor(i / runs), run with seed seeds[i mod runs].
 */
export interface ExperimentSpec {
  kind: 'runs' | 'compare' | 'sweep';
  /** The scenario's name, and a hash of its file's text (see textHash). */
  scenario: string;
  scenarioHash: string;
  runs: number;
  seeds: number[];
  /** Arm labels: the scenario's name for runs; `base` then the variants; the swept values. */
  arms: string[];
  /** A sweep's parameter spec as given, e.g. `services.api.workers=2..20:5`. */
  param?: string;
}

/** One finished work item of an experiment. */
export interface ItemSamples {
  index: number;
  metrics: Samples;
}

/** Identity shared by every experiment report. */
interface ReportHead {
  scenario: string;
  scenarioHash: string;
  runs: number;
  seeds: number[];
  /** Confidence level of every interval (0.95). */
  confidence: number;
}

/** `brownout run --runs N`: each metric over the replications. */
export interface RunsReport extends ReportHead {
  kind: 'runs';
  metrics: Record<string, Stat>;
}

/** A variant's arm and its paired difference from the base (variant − base, seed by seed). */
export interface VariantStat {
  value: Stat;
  difference: Stat;
}

/** `brownout compare`: base and variants on the same seeds (common random numbers). */
export interface CompareReport extends ReportHead {
  kind: 'compare';
  variants: string[];
  /** Metrics present in any arm; an arm that lacks one counts it as 0. */
  metrics: Record<string, { base: Stat; variants: Record<string, VariantStat> }>;
}

/** Where a feature first breaks its SLO along a sweep (values in the field's engine units: ms, per ms, fractions). */
export interface BreakPoint {
  feature: string;
  /** `breaks`: holds at `ok`, broken at `broken`, bisected to the tolerance; `at-start`: broken at the first value. */
  status: 'breaks' | 'at-start';
  ok?: number;
  okLabel?: string;
  broken: number;
  brokenLabel: string;
  /** Bisection steps taken inside the sweep's bracket. */
  steps: number;
}

/** `brownout sweep`: metrics at each value of one parameter, and where each feature first breaks. */
export interface SweepReport extends ReportHead {
  kind: 'sweep';
  param: { spec: string; path: string; whole: boolean };
  /** `value` in the field's engine units (ms, per ms, fraction, number); `label` as written in a file. */
  points: { value: number; label: string; metrics: Record<string, Stat> }[];
  /** Features that broke somewhere on the sweep, in order of first breaking; empty without a `breaks` predicate. */
  breaks: BreakPoint[];
}

export type ExperimentReport = RunsReport | CompareReport | SweepReport;
