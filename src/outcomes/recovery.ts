/**
 * When the system got over a storm: a fault's harm often outlives its window (a breaker still
 * open, a backlog draining, a retry storm that never dies down), and a PM counts that aftermath
 * as part of the fault's story, not as normal time. The rule:
 *
 * - Each feature's baseline is its bad share (user intents that ended failed, abandoned,
 *   refused, degraded or stale, plus late messages, per intent ended) over the measured buckets
 *   that no storm touches and that come before the first storm; with fewer than k such buckets
 *   or no intents in them, over every measured bucket no storm touches; with none, 0.
 * - A bucket is recovered when every feature is back near its baseline: bad ≤ p·n + max(1,
 *   1% of n, 3√(n·p·(1−p))) for n intents ended and baseline p (ordinary noise is not harm).
 *   A feature whose users arrived but none ended (all still waiting) is not recovered; one
 *   with neither is.
 * - After each span of a storm, the aftermath runs from the span's end to the start of the first
 *   k buckets in a row that are recovered (the first starting at or after the end), where k =
 *   max(2, ⌈sustainMs / bucketMs⌉) as for breaks. A system that never recovers stays in its
 *   aftermath to the end of the run (a metastable retry storm is the storm's story); there is
 *   no other cap, and a later storm takes over where it starts (states.ts: degraded wins).
 */
import type { RunResult } from '../model/result.js';
import { overlaps } from './overlaps.js';
import type { Recovery, Storm } from './types.js';

/** Each storm span's aftermath in `result` (storms and spans in order; empty spans too). */
export function recovery(result: RunResult, all: readonly Storm[], sustainMs: number): Recovery[] {
  const { t, bucketMs: w } = result.series;
  if (t.length === 0 || !(w > 0)) return [];
  const k = Math.max(2, Math.ceil(sustainMs / w));
  const ok = recoveredBuckets(result, all, k);
  const out: Recovery[] = [];
  for (const s of all) {
    for (const span of s.spans) {
      let b = t.findIndex((x) => x >= span[1]), run = 0, at = result.endMs;
      for (; b >= 0 && b < t.length; b++) {
        run = ok[b] ? run + 1 : 0;
        if (run >= k) { at = Math.max(span[1], t[b - k + 1]); break; }
      }
      out.push({ kind: s.kind, ref: s.ref, span: [span[0], span[1]], recoveredAt: Math.max(at, span[1]) });
    }
  }
  return out;
}

/** Per bucket: whether every feature is back near its baseline (see the rule above). */
function recoveredBuckets(result: RunResult, all: readonly Storm[], k: number): boolean[] {
  const { t, bucketMs: w } = result.series;
  const from = Math.max(0, t.findIndex((x) => x >= result.warmupMs));
  const touched = t.map((start) => all.some((s) => s.spans.some((span) => overlaps(span, start, w))));
  const first = Math.min(...all.flatMap((s) => s.spans.map(([a]) => a)), Infinity);
  const quiet = t.map((start, b) => b >= from && !touched[b]);
  const before = quiet.map((q, b) => q && t[b] + w <= first);
  const ok = t.map(() => true);
  for (const s of Object.values(result.series.features)) {
    const u = s.users;
    const ended = t.map((_, b) => u.succeeded[b] + u.degraded[b] + u.stale[b] + u.failed[b] + u.abandoned[b] + u.shed[b] + u.rateLimited[b]);
    const bad = t.map((_, b) => u.degraded[b] + u.stale[b] + u.failed[b] + u.abandoned[b] + u.shed[b] + u.rateLimited[b] + (s.late[b] ?? 0));
    const p = baseline(bad, ended, before, k) ?? baseline(bad, ended, quiet, 1) ?? 0;
    t.forEach((_, b) => {
      const n = ended[b];
      if (n === 0) { if ((u.arrived[b] ?? 0) > 0) ok[b] = false; return; }
      if (bad[b] > p * n + Math.max(1, 0.01 * n, 3 * Math.sqrt(n * p * (1 - p)))) ok[b] = false;
    });
  }
  return ok;
}

/** Bad per intent ended over the buckets `use` picks; null with fewer than `min` of them or no intents. */
function baseline(bad: readonly number[], ended: readonly number[], use: readonly boolean[], min: number): number | null {
  let n = 0, x = 0, buckets = 0;
  use.forEach((yes, b) => { if (yes) { buckets++; n += ended[b]; x += bad[b]; } });
  return buckets >= min && n > 0 ? Math.min(1, x / n) : null;
}
