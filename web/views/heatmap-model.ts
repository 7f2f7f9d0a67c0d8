/**
 * The heat map's pure parts: the topology a run implies (features → services → dependencies),
 * the bucket under a time cursor, the colour scales, and the names a cause path touches.
 * No DOM here, so it is unit-tested in Node (test/web/heatmap.test.ts).
 */
import { interpolateRgb } from 'd3';
import { PALETTE } from '../view.js';
import type { CauseStep, RunResult, SeriesResult } from '../../src/worker/protocol.js';

export interface HmNode {
  /** `f:NAME` for a feature, `s:NAME` for a service. */
  id: string;
  kind: 'feature' | 'service';
  name: string;
}

export interface HmEdge {
  /** `from->to` between node ids' names (`feed->app` for a user edge). */
  id: string;
  source: string;
  target: string;
  /** A user edge: from a feature to its entry service. */
  user: boolean;
  /** The run's edges drawn as this one (a service calling the same callee in two steps is one line). */
  keys: string[];
}

export interface Topology {
  nodes: HmNode[];
  edges: HmEdge[];
  /** Same key, same layout: the cache key. */
  key: string;
}

const fid = (name: string) => `f:${name}`;
const sid = (name: string) => `s:${name}`;
/** An edge key without its step suffix: `recs->db#6` → `recs->db`. */
export const baseKey = (key: string) => key.replace(/#\d+$/, '');

export function topology(result: RunResult): Topology {
  const nodes: HmNode[] = [
    ...Object.keys(result.features).map((name): HmNode => ({ id: fid(name), kind: 'feature', name })),
    ...Object.keys(result.services).map((name): HmNode => ({ id: sid(name), kind: 'service', name })),
  ];
  const byId = new Map<string, HmEdge>();
  for (const [key, e] of Object.entries(result.edges)) {
    const base = baseKey(key);
    const feature = base.startsWith('user->') ? base.slice('user->'.length) : null;
    const user = e.from === 'user' && feature !== null && feature in result.features;
    const source = user ? fid(feature!) : sid(e.from), target = sid(e.to);
    if (!(e.to in result.services) || (!user && !(e.from in result.services))) continue;
    const id = user ? `${feature}->${e.to}` : `${e.from}->${e.to}`;
    const edge = byId.get(id) ?? { id, source, target, user, keys: [] };
    edge.keys.push(key);
    byId.set(id, edge);
  }
  const edges = [...byId.values()];
  const key = JSON.stringify([nodes.map((n) => n.id), edges.map((e) => [e.source, e.target])]);
  return { nodes, edges, key };
}

/** The bucket containing `t` (clamped to the run; the series starts after warmup). */
export function bucketAt(series: Pick<SeriesResult, 'bucketMs' | 't'>, t: number): number {
  const n = series.t.length;
  if (n === 0) return -1;
  const i = Math.floor((t - series.t[0]) / series.bucketMs);
  return Math.max(0, Math.min(n - 1, i));
}

const lowMid = interpolateRgb(PALETTE.green, PALETTE.orange), midHigh = interpolateRgb(PALETTE.orange, PALETTE.vermillion);
/** Utilization 0..1 → green (idle) → orange (70%) → vermillion (saturated). */
export function utilColor(u: number): string {
  const x = Math.max(0, Math.min(1, Number.isFinite(u) ? u : 0));
  return x <= 0.7 ? lowMid(x / 0.7) : midHigh((x - 0.7) / 0.3);
}
/** The node's fill: the utilization colour, lightened (less so the busier) so dark labels stay readable on it. */
export const utilFill = (u: number) => interpolateRgb(PALETTE.paper, utilColor(u))(0.5 + 0.4 * Math.max(0, Math.min(1, u || 0)));

export interface NodeFigures { util: number; queue: number; rejected: number; errors: number; failed: number; arrivals: number }
export interface EdgeFigures { attempts: number; failures: number; timeouts: number; breaker: number; badShare: number }

export function nodeFigures(series: SeriesResult, node: HmNode, i: number): NodeFigures {
  const at = (xs: readonly number[] | undefined) => (xs && i >= 0 ? xs[i] ?? 0 : 0);
  if (node.kind === 'service') {
    const s = series.services[node.name];
    return { util: at(s?.utilization), queue: at(s?.meanQueueLength), rejected: at(s?.rejected), errors: at(s?.errors), failed: 0, arrivals: at(s?.arrivals) };
  }
  const f = series.features[node.name];
  return { util: 0, queue: 0, rejected: 0, errors: 0, failed: at(f?.failed), arrivals: at(f?.arrivals) };
}

export function edgeFigures(series: SeriesResult, edge: HmEdge, i: number): EdgeFigures {
  let attempts = 0, failures = 0, timeouts = 0, breaker = 0;
  for (const k of edge.keys) {
    const s = series.edges[k];
    if (!s || i < 0) continue;
    attempts += s.attempts[i] ?? 0; failures += s.failures[i] ?? 0; timeouts += s.timeouts[i] ?? 0;
    breaker = Math.max(breaker, s.breakerOpenShare[i] ?? 0);
  }
  return { attempts, failures, timeouts, breaker, badShare: attempts > 0 ? Math.min(1, failures / attempts) : 0 };
}

/** Edge colour by the share of attempts failing (timeouts included): grey when none fail. */
export const edgeColor = (share: number) => (share <= 0 ? PALETTE.muted : interpolateRgb(PALETTE.orange, PALETTE.vermillion)(Math.min(1, share * 2)));
export const edgeWidth = (share: number) => 1.5 + 5 * Math.min(1, share);

/** Node and edge ids a cause path names: services, features (a load step names several, comma-separated) and edges `a->b`. */
export function subjects(steps: readonly CauseStep[], topo: Topology): Set<string> {
  const out = new Set<string>();
  const ids = new Set(topo.nodes.map((n) => n.id));
  for (const step of steps) {
    for (const raw of step.subject.split(',').map((s) => s.trim()).filter(Boolean)) {
      const name = baseKey(raw);
      if (name.includes('->')) {
        const [a, b] = name.split('->');
        for (const e of topo.edges) if (e.keys.some((k) => baseKey(k) === name)) out.add(e.id);
        for (const id of [sid(a), sid(b), fid(a)]) if (ids.has(id)) out.add(id);
      } else {
        for (const id of [sid(name), fid(name)]) if (ids.has(id)) out.add(id);
      }
    }
  }
  // An edge whose two ends are both named is part of the path too.
  for (const e of topo.edges) if (out.has(e.source) && out.has(e.target)) out.add(e.id);
  return out;
}

export const pct = (x: number) => `${Math.round(x * 100)}%`;
