/**
 * What breaks first: the first time each service, edge and feature crosses a limit, in time
 * order. Read from the run's series buckets after warmup. A condition must hold for
 * k = max(2, ⌈sustainMs / bucketMs⌉) consecutive buckets: as long as `sustain`, and in two
 * buckets at least, since one bucket, however wide, is a blip (a 4-worker service at 75% load
 * reads 91% busy in some 15 s bucket of most 2-hour runs, and never in two in a row). Its time
 * is the start of the first of them. Each subject breaks at most once per kind. The rules (thresholds from breaksOf):
 *
 * - `saturation` (service): utilization ≥ `saturation` in k buckets in a row.
 * - `queue-growing` (service), "a queue growing without bound": over max(k, 2) buckets in a row
 *   the mean queue length never falls from one bucket to the next and grows by two full rounds
 *   of work or more (2 × the workers able to take work at the end, and at least 1). A busy
 *   queue that merely holds a high level is not growing; one that keeps filling is. Its time is
 *   the first bucket of that run by which the queue had grown by one round of work (so a flat,
 *   empty queue before the growth does not move the break earlier than its trigger).
 *
 * Share rules (rejections, errors, timeouts, abandonment) hold for k buckets in a row where each
 * bucket holds or cannot tell: it cannot tell when it has no count and too few events to show
 * the share (events × threshold < 1: a 100 ms bucket of 4 intents, a service hidden behind an
 * open breaker), so a breaker that stops the traffic to a failing service, or users who are all
 * still waiting, do not end a break. The run starts with a bucket that holds, and the share
 * over the whole run must reach the threshold.
 *
 * - `rejections` (service): rejected ≥ `errors` × the requests that reached it (its arrivals
 *   series: past its cache; calls an open breaker short-circuited never reach it).
 * - `errors` (service): fault errors (an outage failing fast, injected errors) ≥ `errors` × the
 *   requests that reached it, the same way.
 * - `timeouts` (edge): timeouts ≥ `errors` × attempts on the edge.
 * - `breaker-open` (edge): the first bucket the breaker spends any time open (the breaker's own
 *   window and minimum volume already debounce it).
 * - `shedding` (the dimmer's service): its first step to a level above 0 after warmup (or
 *   warmup itself, if it was already shedding then).
 * - `autoscale-max` (service with autoscale): the first bucket whose mean instances are within
 *   half an instance of the autoscale max.
 * - `abandonment` (feature): abandoned ≥ `abandonment` × user intents ended.
 * - `slo` (feature): when it first left its SLO (slo.ts: the trailing window's good share below target).
 */
import type { RunResult } from '../model/result.js';
import { breaksOf } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';
import { duration } from './duration.js';
import { figure } from './figure.js';
import { percent } from './percent.js';
import type { Break, BreakKind, SloOutcome } from './types.js';

const ORDER: readonly BreakKind[] = [
  'saturation', 'queue-growing', 'rejections', 'errors', 'timeouts', 'breaker-open', 'shedding', 'autoscale-max', 'abandonment', 'slo',
];

/** The series buckets and thresholds every rule reads. */
interface Frame {
  t: readonly number[];
  w: number;
  /** First bucket at or after warmup. */
  from: number;
  k: number;
  limits: ReturnType<typeof breaksOf>;
}

/**
 * The first crossings of `result` (a run of `scenario`), ordered by time, then by kind (in the
 * order listed above, causes before their effects), then by subject. `slos` are the features'
 * SLO outcomes (slo.ts) keyed by feature; features without one are skipped for `slo`.
 */
export function breaks(result: RunResult, scenario: Scenario, slos: Record<string, SloOutcome | null>): Break[] {
  const { t, bucketMs: w } = result.series;
  const limits = breaksOf(scenario);
  const from = t.findIndex((x) => x >= result.warmupMs);
  const frame: Frame = { t, w, from: from < 0 ? t.length : from, k: Math.max(2, Math.ceil(limits.sustainMs / w)), limits };
  const all = [
    ...serviceBreaks(result, scenario, frame), ...edgeBreaks(result, frame), ...shedding(result, frame),
    ...featureBreaks(result, frame), ...sloBreaks(slos, frame),
  ];
  const bySubject = (a: Break, b: Break) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0);
  return all.sort((a, b) => a.t - b.t || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || bySubject(a, b));
}

/** The first bucket b ≥ frame.from starting `m` buckets in a row where `holds` is true; -1 if none. */
function firstRun(frame: Frame, m: number, holds: (b: number) => boolean): number {
  let run = 0;
  for (let b = frame.from; b < frame.t.length; b++) {
    run = holds(b) ? run + 1 : 0;
    if (run >= m) return b - m + 1;
  }
  return -1;
}

/**
 * The first bucket b ≥ frame.from starting k buckets in a row where `count` is at least
 * `threshold` × `base` (a share rule), or -1. Each bucket holds (a count above 0 at or above the
 * share), fails (below it), or cannot tell: no count while base × threshold < 1, too few events
 * to show the share at all (a bucket of 4 intents, or one behind an open breaker). A run may
 * include buckets that cannot tell, but must start with one that holds and reach the share
 * over the whole run (Σ count ≥ threshold × Σ base).
 */
function firstShareRun(frame: Frame, count: readonly number[], base: readonly number[], threshold: number): number {
  const { k, t } = frame;
  const verdict = (x: number): boolean | null =>
    (count[x] === 0 && base[x] * threshold < 1 ? null : count[x] > 0 && count[x] >= threshold * base[x]);
  for (let b = frame.from; b + k <= t.length; b++) {
    if (verdict(b) !== true) continue;
    let ok = true;
    for (let x = b + 1; x < b + k && ok; x++) ok = verdict(x) !== false;
    if (ok && total(count, b, k) >= threshold * total(base, b, k)) return b;
  }
  return -1;
}

function at(frame: Frame, b: number, m: number, kind: BreakKind, subject: string, value: number, detail: string): Break {
  return { t: frame.t[b], kind, subject, detail, value, window: [frame.t[b], frame.t[Math.min(b + m, frame.t.length) - 1] + frame.w] };
}

const total = (row: readonly number[], b: number, m: number) => row.slice(b, b + m).reduce((a, x) => a + x, 0);

type ServiceRows = RunResult['series']['services'][string];

function serviceBreaks(result: RunResult, scenario: Scenario, frame: Frame): Break[] {
  const out: Break[] = [];
  for (const [name, s] of Object.entries(result.series.services)) {
    const reached = reachedInto(result, name, frame.t.length);
    const max = scenario.services.find((x) => x.name === name)?.autoscale?.max;
    const found = [
      saturation(name, s, frame), queueGrowing(name, s, frame), share('rejections', name, s.rejected, reached, frame),
      share('errors', name, s.errors, reached, frame), max === undefined ? null : autoscaleMax(name, s, max, frame),
    ];
    for (const b of found) if (b !== null) out.push(b);
  }
  return out;
}

function saturation(name: string, s: ServiceRows, frame: Frame): Break | null {
  const { k, limits } = frame;
  const b = firstRun(frame, k, (x) => s.utilization[x] >= limits.saturation);
  if (b < 0) return null;
  const u = total(s.utilization, b, k) / k;
  return at(frame, b, k, 'saturation', name, u, `utilization ${percent(u)} (held ${duration(k * frame.w)}), at or above ${percent(limits.saturation)}`);
}

/** Rejections or fault errors as a share of the requests that reached the service. */
function share(kind: 'rejections' | 'errors', name: string, row: readonly number[], reached: readonly number[], frame: Frame): Break | null {
  const { k, limits } = frame;
  const b = firstShareRun(frame, row, reached, limits.errors);
  if (b < 0) return null;
  const v = Math.min(1, total(row, b, k) / Math.max(1, total(reached, b, k)));
  const what = `${percent(v)} of the requests that reached it`;
  const did = kind === 'rejections' ? `turned away ${what}` : `failed ${what} (fault errors)`;
  return at(frame, b, k, kind, name, v, `${did} (held ${duration(k * frame.w)})`);
}

function autoscaleMax(name: string, s: ServiceRows, max: number, frame: Frame): Break | null {
  const b = firstRun(frame, 1, (x) => s.instances[x] >= max - 0.5);
  if (b < 0) return null;
  return at(frame, b, 1, 'autoscale-max', name, s.instances[b], `running ${figure(s.instances[b], 1)} instances, its autoscale max is ${max}`);
}

/** Per bucket: the requests that reached `service` (past its cache; short-circuited calls never do). */
function reachedInto(result: RunResult, service: string, n: number): number[] {
  const arrivals = result.series.services[service]?.arrivals ?? [];
  return Array.from({ length: n }, (_, b) => arrivals[b] ?? 0);
}

function queueGrowing(name: string, s: ServiceRows, frame: Frame): Break | null {
  const q = s.meanQueueLength, m = Math.max(frame.k, 2);
  let rising = 0;
  for (let b = frame.from; b < frame.t.length; b++) {
    // rising counts the buckets in a row (ending at b) whose queue never fell.
    rising = b > frame.from && q[b] >= q[b - 1] ? rising + 1 : 1;
    const start = b - m + 1;
    if (rising >= m && q[b] - q[start] >= Math.max(1, 2 * s.capacity[b])) {
      // When it had grown by a round of work: an empty queue before the trigger is not the break.
      let first = start;
      while (first < b && q[first] - q[start] < Math.max(1, s.capacity[first])) first++;
      const detail = `queue grew from ${figure(q[start], 1)} to ${figure(q[b], 1)} waiting over ${duration(m * frame.w)} without falling back`;
      return at(frame, first, b - first + 1, 'queue-growing', name, q[b], detail);
    }
  }
  return null;
}

function edgeBreaks(result: RunResult, frame: Frame): Break[] {
  const out: Break[] = [];
  const { k, limits } = frame;
  for (const [name, e] of Object.entries(result.series.edges)) {
    const b = firstShareRun(frame, e.timeouts, e.attempts, limits.errors);
    if (b >= 0) {
      const v = Math.min(1, total(e.timeouts, b, k) / Math.max(1, total(e.attempts, b, k)));
      out.push(at(frame, b, k, 'timeouts', name, v, `${percent(v)} of attempts timed out (held ${duration(k * frame.w)})`));
    }
    const open = firstRun(frame, 1, (x) => e.breakerOpenShare[x] > 0);
    if (open >= 0) {
      const total = result.edges[name], times = total?.breakerOpened ?? 0;
      const opened = times > 1 ? `opened ${figure(times)} times` : 'opened';
      const detail = `the breaker ${opened}, open or half-open ${duration(total?.breakerOpenMs ?? 0)} in all`;
      out.push(at(frame, open, 1, 'breaker-open', name, e.breakerOpenShare[open], detail));
    }
  }
  return out;
}

function shedding(result: RunResult, frame: Frame): Break[] {
  const out: Break[] = [];
  const warm = result.warmupMs;
  if (frame.from >= frame.t.length) return out;
  for (const d of result.shedding) {
    // Already shedding when warmup ended: that is when it counts.
    const before = d.changes.filter((c) => c.t < warm).at(-1);
    const first = before !== undefined && before.level > 0 ? { t: warm, level: before.level } : d.changes.find((c) => c.t >= warm && c.level > 0);
    if (first === undefined) continue;
    const b = Math.max(frame.from, lastAtOrBefore(frame.t, first.t));
    const detail = `the dimmer (on ${d.signal}) starts shedding ${d.levels.slice(0, first.level).join(' and ')} work`;
    out.push({ t: first.t, kind: 'shedding', subject: d.service, value: first.level, window: [first.t, frame.t[b] + frame.w], detail });
  }
  return out;
}

function featureBreaks(result: RunResult, frame: Frame): Break[] {
  const out: Break[] = [];
  const { k, limits } = frame;
  for (const [name, s] of Object.entries(result.series.features)) {
    const u = s.users;
    const ended = u.succeeded.map((x, b) => x + u.degraded[b] + u.stale[b] + u.failed[b] + u.abandoned[b] + u.shed[b] + u.rateLimited[b]);
    const b = firstShareRun(frame, u.abandoned, ended, limits.abandonment);
    if (b < 0) continue;
    const gave = total(u.abandoned, b, k), all = Math.max(1, total(ended, b, k));
    out.push(at(frame, b, k, 'abandonment', name, gave / all, `${percent(gave / all)} of its users gave up waiting (held ${duration(k * frame.w)})`));
  }
  return out;
}

function sloBreaks(slos: Record<string, SloOutcome | null>, frame: Frame): Break[] {
  const out: Break[] = [];
  for (const [name, s] of Object.entries(slos)) {
    if (s === null) continue;
    const b = s.out.findIndex((isOut, x) => isOut && x >= frame.from);
    if (b < 0) continue;
    const k = Math.max(1, Math.round(s.windowMs / frame.w)), first = Math.max(0, b - k + 1), share = s.goodShare[b] ?? 0;
    out.push({
      t: frame.t[b], kind: 'slo', subject: name, value: share, window: [frame.t[first], frame.t[b] + frame.w],
      detail: `${percent(share, 2)} good over the last ${duration(s.windowMs)}, below its ${percent(s.target, 2)} target`,
    });
  }
  return out;
}

/** Index of the last bucket starting at or before `t` (-1 if none). */
function lastAtOrBefore(t: readonly number[], at: number): number {
  let i = -1;
  while (i + 1 < t.length && t[i + 1] <= at) i++;
  return i;
}
