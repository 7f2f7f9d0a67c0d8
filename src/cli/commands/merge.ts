/** `brownout merge SHARD.json...`: the shards of one experiment, combined into its report. */
import { readFileSync } from 'node:fs';
import { summarizeCompare } from '../../outcomes/compare.js';
import { ExperimentError } from '../../outcomes/errors.js';
import { mergeShards } from '../../outcomes/merge.js';
import { siblingReader } from '../../scenario/load-file.js';
import { summarizeRuns } from '../../outcomes/runs.js';
import { finishSweep, planSweep } from '../../outcomes/sweep.js';
import type { ExperimentReport } from '../../outcomes/experiment-types.js';
import { producerOf, withRunner, writeReport, type Context } from '../experiment.js';
import { sloBroken } from '../metrics.js';

export function mergeCommand(files: string[], ctx: Context): number {
  const { first, byArm } = mergeShards(files.map((name) => ({ name, text: read(name) })));
  const producer = producerOf(ctx.version);
  if (first.producer !== producer) {
    throw new ExperimentError(`the shards were made by ${first.producer} and this is ${producer}: merge them with the version that made them`);
  }
  const { spec } = first;
  let report: ExperimentReport;
  if (spec.kind === 'runs') report = summarizeRuns(spec, byArm);
  else if (spec.kind === 'compare') report = summarizeCompare(spec, byArm);
  else {
    // A sweep's breaking points are bisected here, from the scenario text the shards carry.
    if (first.text === undefined || spec.param === undefined) throw new ExperimentError(`${files[0]}: a sweep shard without its scenario text or parameter`);
    // Replay files are read beside the scenario's path as the shards recorded it.
    const plan = planSweep(first.text, first.file, { param: spec.param, runs: spec.runs, seed: spec.seeds[0], parse: { readFile: siblingReader(first.file) } });
    if (JSON.stringify(plan.spec) !== JSON.stringify(spec)) throw new ExperimentError(`${files[0]}: its scenario text does not match its hash`);
    report = withRunner(ctx, (runBatch) => finishSweep(plan, byArm, runBatch, sloBroken(plan.base)));
  }
  writeReport(report, ctx);
  return 0;
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ExperimentError(`cannot read ${file}: ${(e as { code?: string }).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}
