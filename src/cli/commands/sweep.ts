/** `brownout sweep FILE --param PATH=FROM..TO[:STEPS]`: metrics along one parameter, and where features break. */
import { finishSweep, planSweep } from '../../outcomes/sweep.js';
import { SWEEP_SPEC } from '../../outcomes/sweep-axis.js';
import { runOrShard, type Context } from '../experiment.js';
import { loadScenario } from '../load.js';
import { siblingReader } from '../../scenario/load-file.js';
import { sloBroken } from '../metrics.js';
import { UsageError } from '../usage.js';

/** Replications at each value when --runs is not given. */
export const SWEEP_RUNS = 3;

export function sweepCommand(file: string, ctx: Context): number {
  const { runs = SWEEP_RUNS, seed, param } = ctx.opts;
  if (param === undefined) throw new UsageError(`sweep needs --param ${SWEEP_SPEC}`);
  const loaded = loadScenario(file, ctx.io);
  if (!loaded) return 2;
  const plan = planSweep(loaded.text, file, { param, runs, seed, parse: { readFile: siblingReader(file) } });
  const breaks = sloBroken(plan.base);
  return runOrShard(plan, ctx, { file, text: loaded.text }, (byArm, runBatch) => finishSweep(plan, byArm, runBatch, breaks));
}
