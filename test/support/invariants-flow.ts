/**
 * Invariants that tie counts of different places together, in runs without warmup (with a
 * warmup, a request sent before it may be counted at one end and not the other):
 *
 * - Flow along calls: every attempt that is not short-circuited or refused by a bulkhead sends
 *   a request to the callee, which reaches it (an arrival, or a cache hit) unless it is still on
 *   the wire (call latency) or a partition stops it. So for each service, in a complete run,
 *   Σ over calls into it of (attempts − shortCircuited − bulkheadRejected) = arrivals + hits when
 *   no call into it has a latency or a partition, and ≥ otherwise. A message consumer's
 *   redeliveries are arrivals too: ≤ there (= with maxDeliveries 1).
 * - Rate limits: a token bucket lets through at most burst + rate × time.
 * - Breakers: each opening follows a failed attempt the breaker saw (bulkhead refusals are not
 *   shown to it): breakerOpened ≤ failures − bulkheadRejected; short-circuits and time open
 *   need an opening.
 */
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { eq, le, ok } from './invariants-common.js';

export function checkFlow(s: Scenario, r: RunResult): void {
  if (s.warmupMs !== 0) return;
  for (const f of s.features) {
    const fr = r.features[f.name], limit = f.rateLimit;
    if (limit) le(fr.arrivals - fr.rateLimited, limit.burst + limit.ratePerMs * r.endMs + 1e-6, `feature ${f.name}: let through <= burst + rate × time`);
  }
  for (const [name, e] of Object.entries(r.edges)) {
    le(e.breakerOpened, e.failures - e.bulkheadRejected, `edge ${name}: breakerOpened <= failures − bulkheadRejected`);
    if (e.breakerOpened === 0) eq(e.shortCircuited + e.breakerOpenMs, 0, `edge ${name}: short-circuited or open without opening`);
  }
  if (r.status !== 'complete') return;
  const partitioned = new Set((s.faults ?? []).flatMap((f) => (f.kind === 'partition' ? [`${f.from}->${f.to}`] : [])));
  for (const svc of s.services) {
    const sr = r.services[svc.name];
    const into = Object.values(r.edges).filter((e) => e.to === svc.name);
    const sent = into.reduce((n, e) => n + e.attempts - e.shortCircuited - e.bulkheadRejected, 0);
    const reached = sr.arrivals + (sr.cache?.hits ?? 0);
    const where = `service ${svc.name}: sent along calls (${sent}) vs arrivals + hits (${reached})`;
    const calls = s.services.flatMap((v) => v.calls.map((c) => ({ from: v.name, c }))).filter(({ c }) => c.to === svc.name);
    const delayed = calls.some(({ from, c }) => c.latency !== undefined || partitioned.has(`${from}->${svc.name}`));
    if (svc.messaging && svc.messaging.maxDeliveries > 1) {
      if (!delayed) le(sent, reached, where);
    } else if (delayed) {
      le(reached, sent, where);
    } else {
      ok(sent === reached, () => where);
    }
  }
}
