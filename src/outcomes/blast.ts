/**
 * Blast radius: which features each fault and each load storm reached, and how hard (users
 * with a bad outcome, value lost). The rules:
 *
 * - Each storm span is judged with its aftermath: to the later of the span's end plus a tail
 *   (tailMs) and the time the system recovered from it (states.recoveries, recovery.ts).
 * - A fault is judged over its window and aftermath, [start, end + aftermath). Its
 *   origins are the faulted service (a partition's callee) and every service on the cause path
 *   of a break that began in that window and leads to this fault. In each bucket, a feature's
 *   bad outcomes are shared out by origin (series badBy): the fault gets the share whose origin
 *   is one of its origins, of the bucket's bad user intents (failed, abandoned, degraded, stale,
 *   refused) and of the bucket's value lost. A feature is reached when that comes to more than 0.
 * - A load storm is judged over the buckets its spans and their aftermaths touch. A
 *   feature's toll is what it lost there above its baseline: bad user intents and value lost
 *   per ms in the run's normal buckets (none without normal buckets), times the time judged,
 *   taken away from what it actually lost (never below 0). It is reached when the excess is at
 *   least one intent and more than twice the baseline's Poisson noise (2√expected), so ordinary
 *   bad luck is not blamed on the storm.
 *
 * Overlapping storms are each judged alone: their tolls may count the same users twice.
 * Conversion losses of slow answers have no origin: a fault's share leaves them out where its
 * bucket has no bad request.
 */
import type { RunResult } from '../model/result.js';
import { overlaps } from './overlaps.js';
import type { BlastRadius, BreakWithPath, FeatureValue, StatesOutcome, Storm } from './types.js';

export interface BlastContext {
  storms: readonly Storm[];
  breaks: readonly BreakWithPath[];
  states: StatesOutcome;
  values: Record<string, FeatureValue>;
  tailMs: number;
}

/** The blast radius of every fault, then every load storm, in the order of `ctx.storms`. */
export function blast(result: RunResult, ctx: BlastContext): BlastRadius[] {
  return ctx.storms.map((s) => (s.kind === 'fault' ? fault(s, result, ctx) : load(s, result, ctx)));
}

/** Per bucket: the feature's bad user intents. */
function badUsers(result: RunResult, feature: string): number[] {
  const u = result.series.features[feature]?.users;
  if (u === undefined) return result.series.t.map(() => 0);
  return u.failed.map((x, b) => x + u.abandoned[b] + u.degraded[b] + u.stale[b] + u.shed[b] + u.rateLimited[b]);
}

function judged(s: Storm, ctx: BlastContext, endMs: number): { window: [number, number]; spans: [number, number][] } {
  const after = (a: number, b: number) =>
    ctx.states.recoveries.find((r) => r.kind === s.kind && r.ref === s.ref && r.span[0] === a && r.span[1] === b)?.recoveredAt ?? b;
  const spans = s.spans.map(([a, b]): [number, number] => [a, Math.min(Math.max(b + ctx.tailMs, after(a, b)), Math.max(endMs, a))]);
  const window: [number, number] = spans.length > 0 ? [spans[0][0], spans[spans.length - 1][1]] : [s.start, s.start];
  return { window, spans };
}

function fault(s: Storm, result: RunResult, ctx: BlastContext): BlastRadius {
  const { window, spans } = judged(s, ctx, result.endMs);
  const origins = new Set<string>(s.service === undefined ? [] : [s.service]);
  for (const b of ctx.breaks) {
    if (b.t < window[0] || b.t >= window[1] || !b.path.steps.some((x) => x.kind === 'fault' && x.ref === s.ref)) continue;
    for (const x of b.path.steps) if (result.services[x.subject] !== undefined) origins.add(x.subject);
  }
  const { t, bucketMs: w } = ctx.states;
  const inside = t.map((start) => spans.some((span) => overlaps(span, start, w)));
  const features = Object.keys(result.features).map((feature) => {
    const badBy = result.series.features[feature]?.badBy ?? {}, bad = badUsers(result, feature);
    const lost = ctx.values[feature]?.byBucket.lost ?? [];
    let users = 0, value = 0;
    inside.forEach((yes, b) => {
      if (!yes) return;
      let mine = 0, all = 0;
      for (const [o, row] of Object.entries(badBy)) { all += row[b] ?? 0; if (origins.has(o)) mine += row[b] ?? 0; }
      if (all === 0) return;
      users += (mine / all) * bad[b];
      value += (mine / all) * (lost[b] ?? 0);
    });
    return { feature, users, value };
  });
  return radius(s, window, features.filter((f) => f.users > 0));
}

function load(s: Storm, result: RunResult, ctx: BlastContext): BlastRadius {
  const { window, spans } = judged(s, ctx, result.endMs);
  const { t, bucketMs: w, state } = ctx.states;
  const len = t.map((start) => Math.max(0, Math.min(w, result.endMs - start)));
  const inside = t.map((start) => spans.some((span) => overlaps(span, start, w)));
  const sum = (row: readonly number[], pick: (b: number) => boolean) => row.reduce((a, x, b) => (pick(b) ? a + x : a), 0);
  const normal = (b: number) => state[b] === 'normal', judge = (b: number) => inside[b];
  const normalMs = sum(len, normal), judgedMs = sum(len, judge);
  const features = Object.keys(result.features).map((feature) => {
    const bad = badUsers(result, feature), lost = ctx.values[feature]?.byBucket.lost ?? [];
    const expected = normalMs > 0 ? (sum(bad, normal) / normalMs) * judgedMs : 0;
    const expectedValue = normalMs > 0 ? (sum(lost, normal) / normalMs) * judgedMs : 0;
    const users = Math.max(0, sum(bad, judge) - expected), value = Math.max(0, sum(lost, judge) - expectedValue);
    return { feature, users, value, reached: users >= 1 && users > 2 * Math.sqrt(expected) };
  });
  return radius(s, window, features.filter((f) => f.reached).map(({ feature, users, value }) => ({ feature, users, value })));
}

function radius(s: Storm, window: [number, number], features: BlastRadius['features']): BlastRadius {
  features.sort((a, b) => b.value - a.value || b.users - a.users || (a.feature < b.feature ? -1 : 1));
  const users = features.reduce((a, f) => a + f.users, 0), value = features.reduce((a, f) => a + f.value, 0);
  return { kind: s.kind, ref: s.ref, name: s.name, window, features, users, value };
}
