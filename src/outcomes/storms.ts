/**
 * The scenario's faults and load storms as spans of time, the raw material of the system
 * states, cause paths and blast radius. Derived from the scenario alone.
 *
 * A fault acts over [start, start + duration) (a cache flush, which lasts no time, is the empty
 * span [start, start]). A load storm acts where it lifts a feature's rate above its base rate:
 * where a spike, step or ramp multiplier is above 1, a daily curve is above 1 (around each peak,
 * when its max is above 1), or a replayed rate is above the feature's base rate. Spans are
 * exact (crossings of linear pieces and of the cosine are solved, not sampled) and clipped to
 * [0, endMs].
 */
import { faultsOf, loadsOf } from '../scenario/resolve.js';
import type { FaultSpec, LoadSpec, Scenario } from '../scenario/types.js';
import { figure } from './figure.js';
import type { Storm } from './types.js';

type Span = [number, number];

/**
 * Every fault (in file order), then every load storm (in file order), with its spans over a run
 * ending at `endMs`. Never throws on a parsed scenario; a storm that never lifts a rate above
 * its base has no spans.
 */
export function storms(scenario: Scenario, endMs: number): Storm[] {
  const faults = faultsOf(scenario).map((f, ref): Storm => faultStorm(f, ref, endMs));
  const loads = loadsOf(scenario).map((load, ref): Storm => {
    const features = load.features.length > 0 ? [...load.features] : scenario.features.map((f) => f.name);
    const spans = loadSpans(load, features, scenario, endMs);
    return { kind: 'load', ref, name: loadName(load, features, scenario), features, start: loadStart(load), spans };
  });
  return [...faults, ...loads];
}

function faultStorm(f: FaultSpec, ref: number, endMs: number): Storm {
  const end = Math.min(f.startMs + f.durationMs, endMs);
  const spans: Span[] = f.kind === 'cache-flush' ? [[f.startMs, f.startMs]] : end > f.startMs ? [[f.startMs, end]] : [];
  const base = { kind: 'fault' as const, ref, name: faultName(f), features: [], start: f.startMs, spans };
  return f.kind === 'partition' ? { ...base, service: f.to, from: f.from } : { ...base, service: f.service };
}

function faultName(f: FaultSpec): string {
  switch (f.kind) {
    case 'outage': return f.mode === 'hang' ? `outage of ${f.service} (hanging)` : `outage of ${f.service}`;
    case 'latency': {
      const parts = [f.factor !== 1 ? `${figure(f.factor, 2)}x` : '', f.addMs > 0 ? `+${figure(f.addMs)}ms` : ''].filter((p) => p !== '');
      return `slowdown of ${f.service}${parts.length > 0 ? ` (${parts.join(' ')})` : ''}`;
    }
    case 'errors': return `injected errors at ${f.service} (${figure(f.rate * 100, 1)}% of requests)`;
    case 'capacity': return `capacity loss at ${f.service} (${f.workers > 0 ? `${f.workers} workers` : `${figure(f.share * 100, 1)}% of instances`})`;
    case 'cache-flush': return `cache flush at ${f.service}`;
    case 'partition': return `partition between ${f.from} and ${f.to}${f.mode === 'hang' ? ' (hanging)' : ''}`;
  }
}

function loadName(load: LoadSpec, features: string[], scenario: Scenario): string {
  const on = features.length === scenario.features.length && features.length > 1 ? 'all features' : features.join(', ');
  switch (load.kind) {
    case 'spike': return `${figure(load.factor, 2)}x spike on ${on}`;
    case 'step': return `${figure(load.factor, 2)}x step on ${on}`;
    case 'ramp': return `ramp on ${on} (${figure(load.from, 2)}x to ${figure(load.to, 2)}x)`;
    case 'daily': return `daily peak on ${on} (up to ${figure(load.max, 2)}x)`;
    case 'replay': return `replayed traffic on ${on}`;
  }
}

function loadStart(load: LoadSpec): number {
  return load.kind === 'daily' ? 0 : load.startMs;
}

function loadSpans(load: LoadSpec, features: string[], scenario: Scenario, endMs: number): Span[] {
  switch (load.kind) {
    case 'daily': return dailySpans(load, endMs);
    case 'replay': {
      // The replayed rate itself, against each feature's own base rate.
      const all: Span[] = [];
      for (const name of features) {
        const base = scenario.features.find((f) => f.name === name)?.ratePerMs ?? 0;
        all.push(...above(replayLine(load, base), base, endMs));
      }
      return merge(all);
    }
    default: return above(multiplierLine(load), 1, endMs);
  }
}

interface Polyline { t: number[]; v: number[] }

/** The multiplier as a polyline (as src/model/profile.ts builds it: a repeated time is a jump). */
function multiplierLine(load: Extract<LoadSpec, { kind: 'spike' | 'step' | 'ramp' }>): Polyline {
  const s = load.startMs;
  if (load.kind === 'ramp') return { t: [s, s, s + load.durationMs], v: [1, load.from, load.to] };
  const e = s + load.durationMs;
  if (load.kind === 'step') return e === Infinity ? { t: [s, s], v: [1, load.factor] } : { t: [s, s, e, e], v: [1, load.factor, load.factor, 1] };
  const { rampUpMs: up, rampDownMs: down, factor } = load;
  if (up + down <= load.durationMs) return { t: [s, s + up, e - down, e], v: [1, factor, factor, 1] };
  // Ramps longer than the spike meet before reaching the factor: a triangle.
  const peakAt = (s * down + e * up) / (up + down);
  const reached = up > 0 ? (peakAt - s) / up : (e - peakAt) / down;
  return { t: [s, peakAt, e], v: [1, 1 + (factor - 1) * reached, 1] };
}

/** The replayed rate: the base rate before startMs, the first point's rate from startMs. */
function replayLine(load: Extract<LoadSpec, { kind: 'replay' }>, base: number): Polyline {
  const s = load.startMs, points = load.points;
  const t = [s, s], v = [base, points[0]?.ratePerMs ?? base];
  points.forEach((p, k) => {
    if (load.interpolate === 'step' && k > 0) {
      t.push(s + p.tMs);
      v.push(points[k - 1].ratePerMs);
    }
    t.push(s + p.tMs);
    v.push(p.ratePerMs);
  });
  return { t, v };
}

/** Where the polyline (held before its first knot and after its last) is above `level`, within [0, endMs]. */
function above(line: Polyline, level: number, endMs: number): Span[] {
  const { t, v } = line, n = t.length, out: Span[] = [];
  if (v[0] > level) out.push([-Infinity, t[0]]);
  for (let i = 0; i + 1 < n; i++) {
    const a = t[i], b = t[i + 1], va = v[i], vb = v[i + 1];
    if (b <= a) continue; // a jump
    if (va > level && vb > level) out.push([a, b]);
    else if (va > level || vb > level) {
      const x = a + ((level - va) / (vb - va)) * (b - a);
      out.push(va > level ? [a, x] : [x, b]);
    }
  }
  if (v[n - 1] > level) out.push([t[n - 1], Infinity]);
  return merge(out.map(([a, b]): Span => [Math.max(a, 0), Math.min(b, endMs)]).filter(([a, b]) => b > a));
}

/** Where min + (max − min)(1 + cos(2π(t − peak)/period))/2 > 1: a span of half-width h around each peak. */
function dailySpans(load: Extract<LoadSpec, { kind: 'daily' }>, endMs: number): Span[] {
  const { min, max, peakAtMs: peak, periodMs: period } = load;
  if (max <= 1) return [];
  if (min > 1) return endMs > 0 ? [[0, endMs]] : [];
  // cos θ > c, with c in [-1, 1): |θ| < acos(c).
  const c = (2 * (1 - min)) / (max - min) - 1;
  const h = (Math.acos(c) * period) / (2 * Math.PI);
  const out: Span[] = [];
  for (let k = Math.floor(-peak / period) - 1; peak + k * period - h < endMs; k++) {
    const centre = peak + k * period, a = Math.max(centre - h, 0), b = Math.min(centre + h, endMs);
    if (b > a) out.push([a, b]);
  }
  return merge(out);
}

/** Sorted, with overlapping or touching spans joined. */
function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}
