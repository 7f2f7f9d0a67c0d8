/**
 * The charts' data as plain panels (no DOM): per-second user outcomes, latency, queues,
 * utilization and breakers on the run's bucket times, the storm windows to shade and the break
 * markers. Tested directly.
 */
import type { Outcomes, RunResult, State } from '../../src/worker/protocol.js';
import { PALETTE } from '../view.js';

export interface Line {
  name: string;
  colour: string;
  /** One value per bucket (null: no data, a gap). */
  values: (number | null)[];
}

export interface Panel {
  id: string;
  title: string;
  /** Axis label (unit). */
  unit: string;
  /** Stacked areas (user outcomes) or plain lines. */
  stacked: boolean;
  /** Values are shares 0..1, shown as percentages. */
  share?: boolean;
  lines: Line[];
}

/** Colours for named series (features, services, edges), in order. */
export const SERIES_COLOURS = [PALETTE.blue, PALETTE.orange, PALETTE.green, PALETTE.purple, PALETTE.sky, PALETTE.vermillion, PALETTE.ink];

/** User outcome classes, stacked bottom up, with their colours. */
export const OUTCOME_CLASSES = [
  { name: 'succeeded', colour: PALETTE.green },
  { name: 'degraded or stale', colour: PALETTE.sky },
  { name: 'failed', colour: PALETTE.vermillion },
  { name: 'gave up', colour: PALETTE.orange },
  { name: 'refused', colour: PALETTE.purple },
] as const;

/** Element-wise sum of arrays of equal length. */
function sum(arrays: number[][], n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const a of arrays) for (let i = 0; i < n; i++) out[i] += a[i] ?? 0;
  return out;
}

/** Users per second by the class they ended in, summed over features; classes that never happened are left out (succeeded always stays). */
export function usersPerSecond(series: RunResult['series']): Line[] {
  const n = series.t.length, perS = 1000 / series.bucketMs, fs = Object.values(series.features).map((f) => f.users);
  const by = (pick: (u: (typeof fs)[number]) => number[][]) => sum(fs.flatMap(pick), n).map((x) => x * perS);
  const values = [
    by((u) => [u.succeeded]), by((u) => [u.degraded, u.stale]), by((u) => [u.failed]), by((u) => [u.abandoned]),
    by((u) => [u.shed, u.rateLimited]),
  ];
  return OUTCOME_CLASSES.map((c, i) => ({ name: c.name, colour: c.colour, values: values[i] }))
    .filter((l, i) => i === 0 || l.values.some((v) => v > 0));
}

function named(entries: [string, (number | null)[]][]): Line[] {
  return entries.map(([name, values], i) => ({ name, colour: SERIES_COLOURS[i % SERIES_COLOURS.length], values }));
}

/** The small multiples, top to bottom; the breaker panel only when a breaker was ever open. */
export function panelsOf(result: RunResult): Panel[] {
  const s = result.series;
  const services = Object.entries(s.services);
  const panels: Panel[] = [
    { id: 'users', title: 'Users per second, by outcome (all features)', unit: 'users/s', stacked: true, lines: usersPerSecond(s) },
    { id: 'latency', title: 'p95 latency of served requests, per feature', unit: 'ms', stacked: false,
      lines: named(Object.entries(s.features).map(([n, f]) => [n, f.latencyP95Ms])) },
    { id: 'queue', title: 'Requests waiting in queue, per service', unit: 'requests', stacked: false,
      lines: named(services.map(([n, v]) => [n, v.meanQueueLength])) },
    { id: 'utilization', title: 'Utilization (busy workers), per service', unit: 'busy', stacked: false, share: true,
      lines: named(services.map(([n, v]) => [n, v.utilization])) },
  ];
  // Instances only when autoscaling (or a crash) changed some service's count.
  const scaled = services.filter(([, v]) => v.instances.some((x) => x !== v.instances[0]));
  if (scaled.length > 0) {
    panels.push({ id: 'instances', title: 'Instances running, per service that scaled', unit: 'instances', stacked: false,
      lines: named(scaled.map(([n, v]) => [n, v.instances])) });
  }
  const breakers = Object.entries(s.edges).filter(([, e]) => e.breakerOpenShare.some((x) => x > 0));
  if (breakers.length > 0) {
    panels.push({ id: 'breakers', title: 'Circuit breaker open, per call', unit: 'open', stacked: false, share: true,
      lines: named(breakers.map(([n, e]) => [n.replace('->', ' → '), e.breakerOpenShare])) });
  }
  return panels;
}

export interface Window {
  state: Exclude<State, 'normal'>;
  from: number;
  to: number;
}

/** Runs of consecutive peak or degraded buckets as [from, to) windows; the last bucket ends at `endMs`. */
export function stormWindows(states: Outcomes['states'], endMs: number): Window[] {
  const out: Window[] = [];
  states.state.forEach((state, i) => {
    if (state === 'normal') return;
    const from = states.t[i], to = Math.min(endMs, states.t[i + 1] ?? from + states.bucketMs);
    const last = out[out.length - 1];
    if (last && last.state === state && last.to === from) last.to = to;
    else out.push({ state, from, to });
  });
  return out;
}

export interface Marker {
  t: number;
  /** 1-based numbers of the breaks at this time (the timeline's numbering). */
  numbers: number[];
  /** One line per break, for a tooltip. */
  title: string;
}

/** Break markers: breaks at the same time share one marker, numbered as on the timeline. */
export function breakMarkers(breaks: Outcomes['breaks'], clock: (ms: number) => string): Marker[] {
  const byT = new Map<number, Marker>();
  breaks.forEach((b, i) => {
    const line = `${i + 1}. ${clock(b.t)} ${b.kind} ${b.subject}: ${b.detail}`;
    const m = byT.get(b.t);
    if (m) { m.numbers.push(i + 1); m.title += `\n${line}`; } else byT.set(b.t, { t: b.t, numbers: [i + 1], title: line });
  });
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((s) => s * 1000);

/** Tick times for a time axis from `from` to `to` ms: whole-clock steps (10 s, 1 m, 5 m…), at most `max` of them. */
export function timeTicks(from: number, to: number, max: number): number[] {
  const span = Math.max(1, to - from);
  const step = STEPS.find((s) => span / s <= Math.max(1, max)) ?? Math.ceil(span / max / 3_600_000) * 3_600_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

/** Marker labels that would overlap (closer than `gap` px) merge into one label at the first one's place. */
export function markerLabels(markers: readonly Marker[], x: (t: number) => number, gap: number): { x: number; text: string; title: string }[] {
  const out: { x: number; text: string; title: string; right: number }[] = [];
  for (const m of markers) {
    const px = x(m.t), text = m.numbers.join(','), last = out[out.length - 1];
    if (last && px - last.right < gap) {
      last.text += `,${text}`; last.title += `\n${m.title}`; last.right = px;
    } else out.push({ x: px, text, title: m.title, right: px });
  }
  return out.map(({ x: px, text, title }) => ({ x: px, text, title }));
}
