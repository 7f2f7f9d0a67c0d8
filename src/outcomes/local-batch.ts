/**
 * The plain runner: every work item in turn, in this thread. The browser and the CLI's
 * --threads 1 use it; src/cli/pool.ts spreads the same work over worker threads.
 */
import { simulate as simulateModel, type SimulateOptions } from '../model/simulate.js';
import type { RunResult } from '../model/result.js';
import type { Scenario } from '../scenario/types.js';
import { ExperimentError } from './errors.js';
import type { MetricsOf, RunBatch } from './experiment-types.js';

export type Simulate = (scenario: Scenario, options: SimulateOptions) => RunResult;

/** Budgets for each run (see SimulateOptions); a run they stop fails the experiment. */
export type Budgets = Pick<SimulateOptions, 'maxEvents' | 'maxWallMs' | 'maxInFlight'>;

/** A RunBatch that simulates each item here and turns its result into metrics. */
export function localBatch(metricsOf: MetricsOf, simulate: Simulate = simulateModel, budgets: Budgets = {}): RunBatch {
  return (arms, items, onDone) =>
    items.map(({ arm, seed }) => {
      const scenario = arms[arm];
      const result = simulate(scenario, { ...budgets, seed });
      if (result.status !== 'complete') throw new ExperimentError(stoppedEarly(scenario.name, seed, result.stopReason));
      const metrics = metricsOf(result, scenario);
      onDone?.();
      return metrics;
    });
}

/** The message for a replication stopped by a budget (shared with the worker pool). */
export function stoppedEarly(name: string, seed: number, reason: string | undefined): string {
  return `the run of "${name}" with seed ${seed} stopped early: ${reason ?? 'a budget ran out'}`;
}
