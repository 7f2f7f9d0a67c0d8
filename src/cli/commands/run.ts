/** `brownout run FILE`: one run and its table, or with --runs N the metrics over N replications. */
import { seriesCsv } from '../../outcomes/csv.js';
import { textHash } from '../../outcomes/hash.js';
import { runJson, variantTitle } from '../../outcomes/run-json.js';
import { planRuns, summarizeRuns } from '../../outcomes/runs.js';
import { simulate } from '../../model/simulate.js';
import { summarize } from '../../outcomes/summarize.js';
import { variantOf, variantsOf } from '../../scenario/resolve.js';
import type { Scenario } from '../../scenario/types.js';
import { runOrShard, writeOut, type Context } from '../experiment.js';
import { loadScenario } from '../load.js';
import { formatTable } from '../table.js';
import { UsageError } from '../usage.js';

export function runCommand(file: string, ctx: Context): number {
  const { opts } = ctx;
  if (opts.runs === undefined && (opts.shard || opts.threads)) throw new UsageError(`run: --${opts.shard ? 'shard' : 'threads'} needs --runs N`);
  const loaded = loadScenario(file, ctx.io);
  if (!loaded) return 2;
  const scenario = chosen(loaded.scenario, opts.variant);
  if (opts.runs === undefined) return single(scenario, ctx);
  const exp = planRuns(scenario, { runs: opts.runs, seed: opts.seed, hash: textHash(opts.variant === undefined ? loaded.text : `${loaded.text}\0${opts.variant}`) });
  return runOrShard(exp, ctx, { file }, (byArm) => summarizeRuns(exp.spec, byArm));
}

/** The base scenario, or with --variant the declared variant of that name (else a usage error naming the declared ones). */
function chosen(scenario: Scenario, name: string | undefined): Scenario {
  if (name === undefined) return scenario;
  const found = variantOf(scenario, name), variants = variantsOf(scenario);
  if (found) return { ...found.scenario, name: variantTitle(found.scenario.name, name) };
  const known = variants.length > 0 ? `"${scenario.name}" declares ${variants.map((v) => v.name).join(', ')}` : `"${scenario.name}" declares no variants`;
  throw new UsageError(`run: unknown variant "${name}": ${known}`);
}

/** One run: the table with its outcomes, its JSON with `outcomes` (--json, --out) or its time series (--csv). */
function single(scenario: Scenario, { opts, io }: Context): number {
  const started = performance.now();
  const result = simulate(scenario, { ...opts.budgets, seed: opts.seed });
  const wallMs = performance.now() - started;
  const outcomes = summarize(result, scenario);
  const json = runJson(result, outcomes);
  if (opts.out) writeOut(opts.out, json);
  io.stdout(opts.json ? json : opts.csv ? seriesCsv(result.series, outcomes) : formatTable(result, wallMs, outcomes));
  if (result.status !== 'complete') {
    io.stderr(`brownout: stopped early: ${result.stopReason}\n`);
    return 2;
  }
  return 0;
}
