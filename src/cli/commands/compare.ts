/** `brownout compare FILE`: base and variants on the same seeds, with paired differences. */
import { planCompare, summarizeCompare } from '../../outcomes/compare.js';
import { textHash } from '../../outcomes/hash.js';
import { runOrShard, type Context } from '../experiment.js';
import { loadScenario } from '../load.js';

/** Replications per arm when --runs is not given: enough for a t interval (t(0.975, 4) = 2.78) at a few runs' cost. */
export const COMPARE_RUNS = 5;

export function compareCommand(file: string, ctx: Context): number {
  const loaded = loadScenario(file, ctx.io);
  if (!loaded) return 2;
  const { runs = COMPARE_RUNS, seed, variants } = ctx.opts;
  const exp = planCompare(loaded.scenario, { runs, seed, variants, hash: textHash(loaded.text) });
  return runOrShard(exp, ctx, { file }, (byArm) => summarizeCompare(exp.spec, byArm));
}
