/**
 * Outcomes: one run's result in user and business terms (value, tickets, churn, cost, SLOs,
 * system states, the Impact Grid, what breaks first and why, blast radius) and the Reliability
 * Impact Brief. Pure TypeScript without Node APIs: it runs in the browser's Web Worker too.
 */
export { summarize } from './summarize.js';
export { metrics } from './metrics.js';
export { brief, type BriefInput, type ComparedVariant } from './brief.js';
export { binomial } from './binomial.js';
export { value } from './value.js';
export { tickets } from './tickets.js';
export { churn } from './churn.js';
export { draws } from './draws.js';
export { cost } from './cost.js';
export { slo, MONTH_MS } from './slo.js';
export { split } from './split.js';
export { states } from './states.js';
export { recovery } from './recovery.js';
export { priced, type Priced } from './priced.js';
export { reasonSeen } from './reason-seen.js';
export { storms } from './storms.js';
export { grid, type GridInput } from './grid.js';
export { breaks } from './breaks.js';
export { brokenDuring } from './broken-during.js';
export { causePath, type PathContext } from './cause-path.js';
export { blast, type BlastContext } from './blast.js';
export { graph, type Graph } from './graph.js';
export { overlaps } from './overlaps.js';
export { clock } from './clock.js';
export { duration } from './duration.js';
export { figure } from './figure.js';
export { money } from './money.js';
export { percent } from './percent.js';
export { possessive } from './possessive.js';
export * from './types.js';
// Experiments over many runs: replications, variants compared on common random numbers, sweeps,
// shards (see experiment-types.ts).
export { replications, planRuns, summarizeRuns } from './runs.js';
export { compare, planCompare, summarizeCompare } from './compare.js';
export { sweep, planSweep, finishSweep } from './sweep.js';
export { replicationSeeds, summaryOf, statOf, CONFIDENCE } from './replicate.js';
export { tQuantile } from './student-t.js';
export { runShard, SHARD_FORMAT } from './shard.js';
export { mergeShards } from './merge.js';
export { reportCsv, seriesCsv } from './csv.js';
export { runJson, variantTitle } from './run-json.js';
export { localBatch } from './local-batch.js';
export { runMetrics } from './run-metrics.js';
export { sloBroken } from './slo-broken.js';
export type * from './experiment-types.js';
