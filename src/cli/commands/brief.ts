/**
 * `brownout brief FILE [--out brief.md]`: the Reliability Impact Brief, one page of Markdown.
 * One run (the seed) gives the detail; when the file declares variants they are compared over
 * --runs replications (default 5) on common random numbers, and the brief names the one that
 * protects value best.
 */
import { planCompare, summarizeCompare } from '../../outcomes/compare.js';
import { brief, type ComparedVariant } from '../../outcomes/brief.js';
import { runExperiment, samplesByArm } from '../../outcomes/experiment.js';
import type { CompareReport } from '../../outcomes/experiment-types.js';
import { textHash } from '../../outcomes/hash.js';
import { summarize } from '../../outcomes/summarize.js';
import { simulate } from '../../model/simulate.js';
import { variantOf, variantsOf } from '../../scenario/resolve.js';
import type { Scenario } from '../../scenario/types.js';
import { withRunner, writeOut, type Context } from '../experiment.js';
import { loadScenario } from '../load.js';
import { COMPARE_RUNS } from './compare.js';

export function briefCommand(file: string, ctx: Context): number {
  const loaded = loadScenario(file, ctx.io);
  if (!loaded) return 2;
  const { opts, io } = ctx, scenario = loaded.scenario;
  const result = simulate(scenario, { ...opts.budgets, seed: opts.seed });
  if (result.status !== 'complete') {
    io.stderr(`brownout: stopped early: ${result.stopReason}\n`);
    return 2;
  }
  const runs = opts.runs ?? COMPARE_RUNS;
  // Naming variants in a file that declares none is a mistake to report, as compare does.
  const comparison = variantsOf(scenario).length === 0 && opts.variants === undefined ? undefined
    : compared(scenario, ctx, runs, textHash(loaded.text));
  const text = brief({ scenario, outcomes: summarize(result, scenario), comparison, runs: comparison && runs });
  if (opts.out) {
    writeOut(opts.out, text);
    io.stderr(`brownout: wrote the brief to ${opts.out}\n`);
  } else {
    // A terminal's prompt starts on its own line after the brief.
    io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  }
  return 0;
}

/** The base and the chosen variants over `runs` replications, as the brief's comparison. */
function compared(scenario: Scenario, ctx: Context, runs: number, hash: string): ComparedVariant[] {
  const exp = planCompare(scenario, { runs, seed: ctx.opts.seed, variants: ctx.opts.variants, hash });
  const report = withRunner(ctx, (runBatch) => summarizeCompare(exp.spec, samplesByArm(exp.spec, runExperiment(exp, runBatch))));
  return arms(report, scenario);
}

function arms(report: CompareReport, scenario: Scenario): ComparedVariant[] {
  const pick = (stat: (m: CompareReport['metrics'][string]) => { mean: number; low: number; high: number }) =>
    Object.fromEntries(Object.entries(report.metrics).map(([k, m]) => [k, stat(m)]));
  const base: ComparedVariant = { name: 'base', metrics: pick((m) => m.base) };
  return [base, ...report.variants.map((name) => ({
    name,
    description: variantOf(scenario, name)?.description,
    metrics: pick((m) => m.variants[name].value),
    differences: pick((m) => m.variants[name].difference),
  }))];
}
