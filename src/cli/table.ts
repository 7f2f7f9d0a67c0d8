import type { RunResult } from '../model/result.js';
import type { Outcomes } from '../outcomes/types.js';
import { count, grid, humanDuration, int, ms, pct, type Column } from './grid.js';
import { formatOutcomes } from './outcomes-table.js';

export { humanDuration } from './grid.js';

type F = RunResult['features'][string];
type S = RunResult['services'][string];
type E = RunResult['edges'][string];

const FEATURE_COLUMNS: Column<F>[] = [
  { head: 'arrivals', cell: (f) => int(f.arrivals) },
  { head: 'succeeded', cell: (f) => int(f.succeeded) },
  count('degraded', (f) => f.degraded),
  count('stale', (f) => f.stale),
  { head: 'failed', cell: (f) => int(f.failed) },
  count('shed', (f) => f.shed),
  count('limited', (f) => f.rateLimited),
  count('gave up', (f) => f.abandoned),
  // Of the requests that ended: those whose user gave up count against success too.
  { head: 'success', cell: (f) => (f.succeeded + f.failed + f.abandoned ? pct(f.succeeded / (f.succeeded + f.failed + f.abandoned)) : '-') },
  { head: 'mean ms', cell: (f) => ms(f.latencyMs.mean) },
  { head: 'p50 ms', cell: (f) => ms(f.latencyMs.p50) },
  { head: 'p95 ms', cell: (f) => ms(f.latencyMs.p95) },
  { head: 'p99 ms', cell: (f) => ms(f.latencyMs.p99) },
];

const SERVICE_COLUMNS: Column<S>[] = [
  { head: 'workers', cell: (s) => String(s.workers) },
  { head: 'util', cell: (s) => pct(s.utilization) },
  { head: 'arrivals', cell: (s) => int(s.arrivals) },
  { head: 'completed', cell: (s) => int(s.completed) },
  count('failed', (s) => s.failed),
  count('rejected', (s) => s.rejected),
  count('errors', (s) => s.errors),
  count('expired', (s) => s.expired),
  count('hung', (s) => s.hung),
  count('wasted', (s) => s.wasted),
  { head: 'wait ms', cell: (s) => ms(s.queueWaitMs.mean) },
  { head: 'sojourn ms', cell: (s) => ms(s.sojournMs.mean) },
  { head: 'queue', cell: (s) => s.meanQueueLength.toFixed(2) },
  { head: 'instances', cell: (s) => s.meanInstances.toFixed(1), value: (s) => (s.meanInstances === 1 ? 0 : s.meanInstances) },
  { head: 'cost', cell: (s) => s.cost.toFixed(2), value: (s) => s.cost },
];

const EDGE_COLUMNS: Column<E>[] = [
  { head: 'attempts', cell: (e) => int(e.attempts) },
  count('retries', (e) => e.retries),
  count('timeouts', (e) => e.timeouts),
  count('failures', (e) => e.failures),
  count('short-circuited', (e) => e.shortCircuited),
  count('bulkhead', (e) => e.bulkheadRejected),
  count('budget-denied', (e) => e.budgetDenied),
  count('breaker opened', (e) => e.breakerOpened),
  { head: 'breaker open', cell: (e) => humanDuration(e.breakerOpenMs), value: (e) => e.breakerOpenMs },
];

/** Edges worth a row: any retry, timeout, failure or breaker activity. */
function busyEdges(r: RunResult): [string, E][] {
  return Object.entries(r.edges).filter(([, e]) =>
    e.retries + e.timeouts + e.failures + e.shortCircuited + e.bulkheadRejected + e.breakerOpened > 0);
}

/** The first `n` causes as `count reason at service (share)`, and how many other causes there were. */
function topCauses(causes: F['causes']['failed'], total: number, n = 3): string {
  const shown = causes.slice(0, n).map((c) => `${int(c.count)} ${c.reason} at ${c.service} (${pct(c.count / total)})`);
  const rest = causes.length - n;
  return shown.join(', ') + (rest > 0 ? `, and ${rest} more cause${rest === 1 ? '' : 's'}` : '');
}

/** Why each feature's requests failed, were degraded or stale, or were given up on: where the bad outcomes started. */
function causeLines(r: RunResult): string[] {
  const lines: string[] = [];
  for (const [name, f] of Object.entries(r.features)) {
    if (f.failed > 0) lines.push(`${name} failed: ${topCauses(f.causes.failed, f.failed)}`);
    if (f.degraded > 0) lines.push(`${name} degraded: ${topCauses(f.causes.degraded, f.degraded)}`);
    const stale = f.causes.stale.reduce((n, c) => n + c.count, 0);
    if (stale > 0) lines.push(`${name} stale: ${topCauses(f.causes.stale, stale)}`);
    if (f.abandoned > 0) lines.push(`${name} gave up: ${topCauses(f.causes.abandoned, f.abandoned)}`);
  }
  return lines;
}

function extras(r: RunResult): string[] {
  const lines: string[] = causeLines(r);
  for (const [name, s] of Object.entries(r.services)) {
    if (s.cache) lines.push(`cache ${name}: hit ratio ${pct(s.cache.hitRatio)}, ${int(s.cache.staleServed)} stale answers`);
    if (s.messages) {
      const m = s.messages;
      lines.push(`messages ${name}: ${int(m.delivered)} delivered (delay mean ${humanDuration(m.delayMs.mean)}, p99 ${humanDuration(m.delayMs.p99)}), ` +
        `${int(m.lost)} lost, ${int(m.deadLettered)} dead-lettered`);
    }
  }
  for (const d of r.shedding) {
    const story = d.changes.map((c) => `${humanDuration(c.t)}→${c.level}`).join(', ') || 'never dimmed';
    lines.push(`shedding on ${d.service} (${d.signal}): ${story}; shedding for ${humanDuration(d.shedMs)}`);
  }
  return lines;
}

/** The readable results table printed by `brownout run`: the run, then (given) what it meant for users and the business. */
export function formatTable(r: RunResult, wallMs?: number, outcomes?: Outcomes): string {
  const head =
    `${r.scenario}\n` +
    `seed ${r.seed} · ${humanDuration(r.durationMs)} simulated` +
    (r.warmupMs > 0 ? ` (first ${humanDuration(r.warmupMs)} warmup, not measured)` : '') +
    ` · ${int(r.events)} events` +
    (wallMs !== undefined ? ` in ${(wallMs / 1000).toFixed(2)} s` : '');
  const parts = [head, grid(Object.entries(r.features), 'feature', FEATURE_COLUMNS), grid(Object.entries(r.services), 'service', SERVICE_COLUMNS)];
  const edges = busyEdges(r);
  if (edges.length > 0) parts.push(grid(edges, 'call', EDGE_COLUMNS));
  const more = extras(r);
  if (more.length > 0) parts.push(more.join('\n'));
  if (outcomes) parts.push(...formatOutcomes(outcomes));
  if (r.status !== 'complete') parts.push(`STOPPED EARLY at ${humanDuration(r.endMs)}: ${r.stopReason}`);
  return parts.join('\n\n') + '\n';
}
