import type { Scenario } from '../scenario/types.js';
import { randomStream } from '../engine/index.js';
import { sampler } from './sampler.js';

/**
 * The scenario turned into indexed, structure-of-arrays topology with bound samplers. Every
 * random source gets its own named stream (arrivals per feature, each service, each call edge),
 * so that changing one part of a scenario leaves the numbers every other part draws unchanged.
 */
export interface Compiled {
  featureNames: string[];
  serviceNames: string[];
  /** Entry service of each feature. */
  entry: Int32Array;
  interarrival: (() => number)[];
  workers: Int32Array;
  /** Waiting-room size per service (Infinity when unbounded). */
  queueCap: Float64Array;
  serviceTime: (() => number)[];
  /** Edge ids of each service's calls, in order. */
  calls: Int32Array[];
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  /** Network delay of each edge, or null for none. */
  edgeLatency: ((() => number) | null)[];
}

/** Compiles a validated scenario for `seed`. Throws if a name is unresolved (validation prevents it). */
export function compile(scenario: Scenario, seed: number): Compiled {
  const serviceNames = scenario.services.map((s) => s.name);
  const index = new Map(serviceNames.map((n, i) => [n, i] as const));
  const lookup = (name: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`unknown service "${name}"`);
    return i;
  };
  const edgeFrom: number[] = [], edgeTo: number[] = [];
  const edgeLatency: ((() => number) | null)[] = [];
  const calls = scenario.services.map((svc, s) =>
    Int32Array.from(svc.calls, (call) => {
      edgeFrom.push(s);
      edgeTo.push(lookup(call.to));
      edgeLatency.push(call.latency ? sampler(call.latency, randomStream(seed, `latency:${svc.name}->${call.to}`)) : null);
      return edgeFrom.length - 1;
    }),
  );
  return {
    featureNames: scenario.features.map((f) => f.name),
    serviceNames,
    entry: Int32Array.from(scenario.features, (f) => lookup(f.entry)),
    interarrival: scenario.features.map((f) =>
      sampler({ kind: 'exponential', mean: 1 / f.ratePerMs }, randomStream(seed, `arrivals:${f.name}`)),
    ),
    workers: Int32Array.from(scenario.services, (s) => s.workers),
    queueCap: Float64Array.from(scenario.services, (s) => s.queue),
    serviceTime: scenario.services.map((s) => sampler(s.serviceTime, randomStream(seed, `service:${s.name}`))),
    calls,
    edgeFrom: Int32Array.from(edgeFrom),
    edgeTo: Int32Array.from(edgeTo),
    edgeLatency,
  };
}
