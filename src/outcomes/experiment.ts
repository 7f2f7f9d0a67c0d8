/**
 * An experiment's work items: replications × arms, numbered so that item i is replication
 * i mod runs of arm floor(i / runs). Sharding takes the items with i mod N = K − 1.
 */
import type { Scenario } from '../scenario/types.js';
import { ExperimentError } from './errors.js';
import type { ExperimentSpec, ItemSamples, RunBatch, Samples } from './experiment-types.js';

/** A spec and the scenario of each of its arms (in the order of spec.arms). */
export interface Experiment {
  spec: ExperimentSpec;
  arms: Scenario[];
}

/** Shard K of N (1 ≤ K ≤ N). */
export interface Shard {
  k: number;
  n: number;
}

/**
 * Runs the experiment's work items (only shard K/N's when given) and returns their metrics in
 * index order, whatever order the runner finished them in.
 */
export function runExperiment(exp: Experiment, runBatch: RunBatch, shard?: Shard, onDone?: () => void): ItemSamples[] {
  const { runs, seeds } = exp.spec;
  const count = exp.arms.length * runs;
  const indices = Array.from({ length: count }, (_, i) => i).filter((i) => !shard || i % shard.n === shard.k - 1);
  const metrics = runBatch(exp.arms, indices.map((i) => ({ arm: Math.floor(i / runs), seed: seeds[i % runs] })), onDone);
  return indices.map((index, j) => ({ index, metrics: metrics[j] }));
}

/** The samples of each arm, replications in seed order; every item must be there exactly once. */
export function samplesByArm(spec: ExperimentSpec, items: ItemSamples[]): Samples[][] {
  const count = spec.arms.length * spec.runs;
  const byIndex: (Samples | undefined)[] = new Array(count);
  for (const { index, metrics } of items) {
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new ExperimentError(`work item ${index} is not part of this experiment (it has ${count})`);
    if (byIndex[index]) throw new ExperimentError(`work item ${index} appears twice`);
    byIndex[index] = metrics;
  }
  const missing = byIndex.findIndex((m) => m === undefined);
  if (missing >= 0 || byIndex.length < count) throw new ExperimentError(`work item ${missing < 0 ? byIndex.length : missing} is missing`);
  return spec.arms.map((_, a) => byIndex.slice(a * spec.runs, (a + 1) * spec.runs) as Samples[]);
}
