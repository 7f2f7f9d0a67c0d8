/** What the experiment commands share: the runner (threads, progress), shards, and writing reports. */
import { writeFileSync } from 'node:fs';
import { reportCsv } from '../outcomes/csv.js';
import { runExperiment, samplesByArm, type Experiment } from '../outcomes/experiment.js';
import { runShard, type ShardDocument } from '../outcomes/shard.js';
import type { ExperimentReport, RunBatch, Samples } from '../outcomes/experiment-types.js';
import { processIo, type Io } from './io.js';
import type { CommandOptions } from './options.js';
import { createPool, defaultThreads } from './pool.js';
import { progress } from './progress.js';
import { formatReport } from './report-table.js';
import { UsageError } from './usage.js';

export interface Context {
  io: Io;
  version: string;
  opts: CommandOptions;
}

/** Who made a shard: shards are merged only by the same version that made them. */
export const producerOf = (version: string) => `brownout ${version}`;

/** Runs `work` with a runner over the chosen threads (progress on a terminal); always stops the threads. */
export function withRunner<T>(ctx: Context, work: (runBatch: RunBatch) => T): T {
  const pool = createPool(ctx.opts.threads ?? defaultThreads(), ctx.opts.budgets);
  const shown = progress(ctx.io === processIo && process.stderr.isTTY ? ctx.io.stderr : undefined);
  try {
    return work(shown.wrap(pool.runBatch));
  } finally {
    shown.end();
    pool.close();
  }
}

/**
 * Runs the experiment: with --shard only that shard's items, written as a shard document;
 * otherwise all of them, turned into the report by `finish` (which may run more, e.g. bisection).
 */
export function runOrShard(
  exp: Experiment,
  ctx: Context,
  shardContext: { file: string; text?: string },
  finish: (byArm: Samples[][], runBatch: RunBatch) => ExperimentReport,
): number {
  return withRunner(ctx, (runBatch) => {
    const shard = ctx.opts.shard;
    if (shard) writeShard(runShard(exp, shard, runBatch, { producer: producerOf(ctx.version), ...shardContext }), ctx);
    else writeReport(finish(samplesByArm(exp.spec, runExperiment(exp, runBatch)), runBatch), ctx);
    return 0;
  });
}

/** The report as a table, --json or --csv on stdout; --out FILE also gets the JSON. */
export function writeReport(report: ExperimentReport, ctx: Context): void {
  const json = JSON.stringify(report, null, 2) + '\n';
  if (ctx.opts.out) writeOut(ctx.opts.out, json);
  ctx.io.stdout(ctx.opts.json ? json : ctx.opts.csv ? reportCsv(report) : formatReport(report, ctx.opts.all));
}

/** A shard document goes to --out FILE, or to stdout without one. */
function writeShard(doc: ShardDocument, ctx: Context): void {
  const json = JSON.stringify(doc) + '\n';
  if (ctx.opts.out) writeOut(ctx.opts.out, json);
  else ctx.io.stdout(json);
}

export function writeOut(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`cannot write --out ${file}: ${(e as { code?: string }).code ?? (e as Error).message}`);
  }
}
