/**
 * Why something broke: a chain of causes through the dependency graph, as text a PM can read
 * ("checkout leaves its SLO at 04:10 because calls to payments time out (91% of its bad requests)
 * because payments saturates (97% busy) from 04:00 because of the 10x spike on browse from
 * 03:30 to 05:00"), times as mm:ss (h:mm:ss from an hour) from the start of the run, and as
 * steps the web app can light up on the heat map.
 *
 * The chain, link by link:
 * 1. A feature's break (slo, abandonment) names where its bad outcomes started: of the
 *    services its causes name, the one with the most bad requests by origin (series badBy) in
 *    the break's window; then that service's most frequent reason in the run's cause totals
 *    (slo: failed and abandoned; abandonment: abandoned) among those the series show in the
 *    window (reason-seen.ts; all of them if none shows). Its share is the service's share of the
 *    feature's bad requests in the window (slo; abandonment: of its abandonments in the run)
 *    times the reason's share of the reasons seen there.
 *    Without any cause, the chain goes on from the feature's entry service.
 * 2. At a service: its earliest break that began before the window's end and still held in the
 *    window (see brokenDuring), if any.
 * 3. Below a service's break (or at a service with none): a fault at the service itself
 *    active then (a partition counts at its callee) ends the chain; else the earliest such break
 *    at a direct callee, which is explained the same way in turn; else a fault at any service it
 *    reaches; else a load storm active then on a feature whose calls reach the service. A fault
 *    or storm is active for a window when it began before the window's end and ended less than
 *    a tail (tailMs) before its start, or the system had not yet recovered from it (its
 *    aftermath, recovery.ts, reached the window). Each service appears once (no loops).
 * An edge's break (timeouts, breaker-open) goes on at its callee as in 2. A service's break
 * goes on from an earlier break of the same service that still held (its queue fills because
 * it saturated), then as in 3.
 */
import type { CauseCount, RunResult } from '../model/result.js';
import type { Scenario } from '../scenario/types.js';
import { because } from './because.js';
import { brokenDuring } from './broken-during.js';
import { clock } from './clock.js';
import type { Graph } from './graph.js';
import { percent } from './percent.js';
import { possessive } from './possessive.js';
import { reasonSeen } from './reason-seen.js';
import type { Break, BreakKind, CausePath, CauseStep, Recovery, Storm } from './types.js';

export interface PathContext {
  scenario: Scenario;
  result: RunResult;
  /** Every break of the run (breaks.ts). */
  breaks: readonly Break[];
  /** The scenario's faults and load storms (storms.ts). */
  storms: readonly Storm[];
  graph: Graph;
  /** How long after its end a fault or storm may still explain a break. */
  tailMs: number;
  /** Storm spans' aftermaths (recovery.ts): a storm explains breaks until the system recovered from it, if that is later. */
  recoveries?: readonly Recovery[];
}

const SERVICE_KINDS: readonly BreakKind[] = ['saturation', 'queue-growing', 'rejections', 'errors', 'shedding', 'autoscale-max'];

type Window = readonly [number, number];

/** The cause path of `brk` in the run `ctx` describes. Never throws on breaks of that run. */
export function causePath(brk: Break, ctx: PathContext): CausePath {
  const steps: CauseStep[] = [{ kind: brk.kind, subject: brk.subject, t: brk.t, text: breakText(brk, ctx) }];
  const seen = new Set<string>();
  if (brk.kind === 'slo' || brk.kind === 'abandonment') {
    const cause = origin(brk, ctx);
    if (cause !== null) steps.push(cause);
    const at = cause?.subject ?? ctx.scenario.features.find((f) => f.name === brk.subject)?.entry;
    if (at !== undefined) atService(at, brk.window, ctx, seen, steps);
  } else if (brk.kind === 'timeouts' || brk.kind === 'breaker-open') {
    // A user edge is named after its feature (`user->pay`); its callee is the entry service.
    atService(ctx.result.edges[brk.subject]?.to ?? brk.subject.split('->')[1], brk.window, ctx, seen, steps);
  } else {
    // A service's later break (rejections, shedding...) is often its own earlier one's effect.
    const earlier = ctx.breaks.slice(0, Math.max(0, ctx.breaks.indexOf(brk)));
    const own = earlier.find((b) => b.subject === brk.subject && SERVICE_KINDS.includes(b.kind) && lasted(b, brk.window, ctx));
    if (own !== undefined) steps.push({ kind: own.kind, subject: own.subject, t: own.t, text: breakText(own, ctx) });
    below(brk.subject, own?.window ?? brk.window, ctx, seen, steps);
  }
  return { text: because(steps, ' '), steps };
}

/** Step 1: where a feature's bad outcomes started, and the main reason there. */
function origin(brk: Break, ctx: PathContext): CauseStep | null {
  const f = ctx.result.features[brk.subject];
  if (f === undefined) return null;
  const causes: CauseCount[] = brk.kind === 'slo' ? [...f.causes.failed, ...f.causes.abandoned] : [...f.causes.abandoned];
  if (causes.length === 0) return null;
  const badBy = ctx.result.series.features[brk.subject]?.badBy ?? {};
  const { t, bucketMs: w } = ctx.result.series;
  const inWindow = (row: readonly number[]) => row.reduce((a, x, b) => (t[b] < brk.window[1] && t[b] + w > brk.window[0] ? a + x : a), 0);
  // Most bad requests by origin in the window; the run's cause totals break ties (and decide
  // alone when the series has no origins there).
  const score = (s: string) => [inWindow(badBy[s] ?? []), causes.reduce((a, c) => (c.service === s ? a + c.count : a), 0)];
  const best = [...new Set(causes.map((c) => c.service))].sort().reduce((a, b) => {
    const [x, y] = [score(a), score(b)];
    return y[0] > x[0] || (y[0] === x[0] && y[1] > x[1]) ? b : a;
  });
  const byReason = new Map<CauseCount['reason'], number>();
  for (const c of causes) if (c.service === best) byReason.set(c.reason, (byReason.get(c.reason) ?? 0) + c.count);
  // The reasons that show in the window (a breaker that opened later is not why it broke now).
  const all = [...byReason], seen = all.filter(([r]) => reasonSeen(r, best, brk.window[0], brk.window[1], ctx.result) !== false);
  const pool = (seen.length > 0 ? seen : all).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const [reason, count] = pool[0];
  // badBy counts every bad request (not abandonments alone): abandonment keeps to run totals.
  const share = originShare(best, count / pool.reduce((a, [, n]) => a + n, 0), causes, brk.kind === 'slo' ? badBy : {}, inWindow);
  const of = brk.kind === 'slo' ? 'bad requests' : 'abandonments';
  return { kind: 'cause', subject: best, t: null, share, reason, text: `${reasonText(reason, best)} (${percent(share, 0)} of its ${of})` };
}

/**
 * The cause's share of the feature's bad requests: the origin's share of them in the window
 * (series badBy) times the reason's share of the origin's reasons seen then; the run's cause
 * totals when the series has no origins in the window.
 */
function originShare(
  service: string, reasonShare: number, causes: readonly CauseCount[], badBy: Record<string, number[]>, inWindow: (row: readonly number[]) => number,
): number {
  const there = Object.values(badBy).reduce((a, row) => a + inWindow(row), 0);
  if (there > 0) return (inWindow(badBy[service] ?? []) / there) * reasonShare;
  const total = causes.reduce((a, c) => a + c.count, 0);
  const mine = causes.reduce((a, c) => (c.service === service ? a + c.count : a), 0);
  return total > 0 ? (mine / total) * reasonShare : 0;
}

/** Step 2: the service's own break while it lasted, then what lies below it. */
function atService(service: string, win: Window, ctx: PathContext, seen: Set<string>, steps: CauseStep[]): void {
  const own = earliestBreak(service, win, ctx);
  if (own !== null) {
    steps.push({ kind: own.kind, subject: own.subject, t: own.t, text: breakText(own, ctx) });
    below(service, own.window, ctx, seen, steps);
  } else {
    below(service, win, ctx, seen, steps);
  }
}

/** Step 3: a fault at the service, a callee's break, a fault further down, or a load storm. */
function below(service: string, win: Window, ctx: PathContext, seen: Set<string>, steps: CauseStep[]): void {
  if (seen.has(service)) return;
  seen.add(service);
  const here = activeStorm(ctx, win, (s) => s.kind === 'fault' && s.service === service);
  if (here !== null) return void steps.push(stormStep(here, win, ctx));
  const callees = (ctx.graph.callees[service] ?? []).filter((c) => !seen.has(c));
  const found = callees.map((c) => earliestBreak(c, win, ctx)).filter((b): b is Break => b !== null).sort((a, b) => a.t - b.t)[0];
  if (found !== undefined) {
    steps.push({ kind: found.kind, subject: found.subject, t: found.t, text: breakText(found, ctx) });
    return below(found.subject, found.window, ctx, seen, steps);
  }
  const reached = reachFrom(service, ctx.graph).filter((s) => s !== service);
  const deeper = activeStorm(ctx, win, (s) => s.kind === 'fault' && s.service !== undefined && reached.includes(s.service));
  if (deeper !== null) return void steps.push(stormStep(deeper, win, ctx));
  const load = activeStorm(ctx, win, (s) => s.kind === 'load' && s.features.some((f) => ctx.graph.reach[f]?.includes(service)));
  if (load !== null) steps.push(stormStep(load, win, ctx));
}

/** The service's earliest service-kind break that began before the window's end and held in it. */
function earliestBreak(service: string, win: Window, ctx: PathContext): Break | null {
  return ctx.breaks.find((b) => b.subject === service && SERVICE_KINDS.includes(b.kind) && lasted(b, win, ctx)) ?? null;
}

/** Whether `b` began before the window's end and still held in it (or a tail before it). */
function lasted(b: Break, win: Window, ctx: PathContext): boolean {
  return brokenDuring(b, win[0] - ctx.tailMs, win[1], ctx.result, ctx.scenario);
}

/** The earliest-starting storm matching `which` with a span active for the window. */
function activeStorm(ctx: PathContext, win: Window, which: (s: Storm) => boolean): Storm | null {
  const start = (s: Storm) => spanFor(s, win, ctx)?.[0] ?? Infinity;
  const hits = ctx.storms.filter((s) => which(s) && spanFor(s, win, ctx) !== null);
  return hits.sort((a, b) => start(a) - start(b))[0] ?? null;
}

/**
 * The storm's first span that began before the window's end and ended less than a tail before
 * its start, or whose aftermath (the system not yet recovered from it) reached the window.
 */
function spanFor(s: Storm, win: Window, ctx: PathContext): readonly [number, number] | null {
  const after = (a: number, b: number) =>
    ctx.recoveries?.find((r) => r.kind === s.kind && r.ref === s.ref && r.span[0] === a && r.span[1] === b)?.recoveredAt ?? b;
  return s.spans.find(([a, b]) => a < win[1] && Math.max(b + ctx.tailMs, after(a, b)) > win[0]) ?? null;
}

function stormStep(s: Storm, win: Window, ctx: PathContext): CauseStep {
  const span = spanFor(s, win, ctx), from = span?.[0] ?? s.start;
  const subject = s.kind === 'fault' ? (s.from !== undefined ? `${s.from}->${s.service}` : (s.service ?? '')) : s.features.join(',');
  // The end too, when it came before the run's: "from 05:00 to 07:00".
  const until = span !== null && span !== undefined && span[1] > from && span[1] < ctx.result.endMs ? ` to ${clock(span[1])}` : '';
  return { kind: s.kind, subject, t: from, ref: s.ref, text: `the ${s.name} from ${clock(from)}${until}` };
}

/** Services reachable from `service` by calls, itself first. */
function reachFrom(service: string, graph: Graph): string[] {
  const seen = [service];
  for (let i = 0; i < seen.length; i++) for (const c of graph.callees[seen[i]] ?? []) if (!seen.includes(c)) seen.push(c);
  return seen;
}

/** A break in running text, with its time. */
function breakText(b: Break, ctx: PathContext): string {
  const at = clock(b.t), share = percent(b.value, 0);
  switch (b.kind) {
    case 'saturation': return `${b.subject} saturates (${share} busy) from ${at}`;
    case 'queue-growing': return `${possessive(b.subject)} queue grows without bound from ${at}`;
    case 'rejections': return `${b.subject} turns away ${share} of requests from ${at}`;
    case 'errors': return `${b.subject} fails ${share} of requests from ${at}`;
    case 'timeouts': {
      const e = ctx.result.edges[b.subject], [from, to] = b.subject.split('->');
      // User edges are named after the feature: `user->pay` is pay's users calling its entry service.
      if (from === 'user') return `${possessive(to)} users time out waiting for ${e?.to ?? to} (${share} of attempts) from ${at}`;
      return `calls from ${from} to ${to} time out (${share} of attempts) from ${at}`;
    }
    case 'breaker-open': {
      const [from, to] = b.subject.split('->');
      return `the breaker on calls from ${from} to ${to} opens at ${at}`;
    }
    case 'shedding': {
      const levels = ctx.result.shedding.find((d) => d.service === b.subject)?.levels.slice(0, b.value) ?? [];
      return `${b.subject} starts shedding ${levels.length > 0 ? `${levels.join(' and ')} work ` : ''}at ${at}`;
    }
    case 'autoscale-max': return `${b.subject} reaches its autoscale max at ${at}`;
    case 'abandonment': return `${possessive(b.subject)} users start giving up (${share} of them) at ${at}`;
    case 'slo': return `${b.subject} leaves its SLO at ${at}`;
  }
}

/** Where a bad outcome started, in running text. */
function reasonText(reason: CauseCount['reason'], s: string): string {
  switch (reason) {
    case 'timeout': return `calls to ${s} time out`;
    case 'rejected': return `${s} turns requests away`;
    case 'outage': return `${s} is down`;
    case 'error': return `calls to ${s} fail with errors`;
    case 'reset': return `connections to ${s} are reset`;
    case 'short-circuit': return `the breaker on calls to ${s} is open`;
    case 'bulkhead': return `the bulkhead on calls to ${s} is full`;
    case 'partition': return `the network to ${s} is cut`;
    case 'expired': return `requests wait too long in ${possessive(s)} queue`;
    case 'deadline': return `${s} drops requests past their deadline`;
    case 'shed': return `${s} sheds requests`;
    case 'rate-limited': return `${possessive(s)} rate limit refuses requests`;
    case 'failover': return `${s} is failing over`;
    case 'slow': return `${s} answers too slowly`;
    case 'outdated': return `${possessive(s)} cache answers with data that has since changed`;
  }
}
