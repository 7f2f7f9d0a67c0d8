/**
 * Sharding an experiment over machines: shard K of N runs the work items i with
 * i mod N = K − 1 (see experiment.ts for the numbering) and writes this document: the raw
 * metrics of each of its items and the experiment's identity, which merge.ts checks.
 */
import { runExperiment, type Experiment, type Shard } from './experiment.js';
import type { ExperimentSpec, ItemSamples, RunBatch } from './experiment-types.js';

export const SHARD_FORMAT = 'brownout-shard/1';

export interface ShardDocument {
  format: typeof SHARD_FORMAT;
  /** What made it (e.g. `brownout 0.1.0`): shards made by different versions are not merged. */
  producer: string;
  spec: ExperimentSpec;
  shard: Shard;
  /** The scenario file as given, and (sweeps only) its text: merging a sweep bisects further. */
  file: string;
  text?: string;
  /** This shard's items, in index order; metrics that were not finite are null in the JSON. */
  items: ItemSamples[];
}

/** Runs shard K/N of the experiment and returns its document. */
export function runShard(
  exp: Experiment,
  shard: Shard,
  runBatch: RunBatch,
  context: { producer: string; file: string; text?: string },
  onDone?: () => void,
): ShardDocument {
  if (!Number.isInteger(shard.n) || !Number.isInteger(shard.k) || shard.n < 1 || shard.k < 1 || shard.k > shard.n) {
    throw new RangeError(`shard ${shard.k}/${shard.n}: K must be from 1 to N`);
  }
  const items = runExperiment(exp, runBatch, shard, onDone);
  const doc: ShardDocument = { format: SHARD_FORMAT, producer: context.producer, spec: exp.spec, shard: { k: shard.k, n: shard.n }, file: context.file, items };
  return context.text === undefined ? doc : { ...doc, text: context.text };
}
