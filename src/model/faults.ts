import type { FaultSpec } from '../scenario/types.js';

export const OUTAGE_NONE = 0, OUTAGE_FAIL_FAST = 1, OUTAGE_HANG = 2;

/**
 * What the active faults do to each service and call edge right now. Faults may overlap: the
 * state is recomputed from the set of active faults whenever one starts or ends (faults are few
 * and change rarely, so this costs nothing per request). Latency factors multiply, added
 * latencies add, error rates combine as independent failures, lost workers and lost shares of
 * instances add up.
 */
export class FaultState {
  readonly outage: Uint8Array;
  readonly latencyFactor: Float64Array;
  readonly latencyAdd: Float64Array;
  readonly errorRate: Float64Array;
  /** Workers lost by `lose: N` capacity faults. */
  readonly lostWorkers: Float64Array;
  /** Per service: the shares of instances lost by active `share:` capacity faults (applied to the instances running now, see `lost`). */
  private readonly lostShares: number[][];
  /** Per edge: OUTAGE_NONE, OUTAGE_FAIL_FAST or OUTAGE_HANG for a partition. */
  readonly partition: Uint8Array;
  readonly active: Uint8Array;

  constructor(
    readonly faults: readonly FaultSpec[],
    readonly serviceIndex: Map<string, number>,
    /** Edge ids from service a to service b, keyed `a->b`. */
    readonly edgesBetween: Map<string, number[]>,
    private readonly workersPerInstance: Int32Array,
    services: number,
    edges: number,
  ) {
    this.outage = new Uint8Array(services);
    this.latencyFactor = new Float64Array(services).fill(1);
    this.latencyAdd = new Float64Array(services);
    this.errorRate = new Float64Array(services);
    this.lostWorkers = new Float64Array(services);
    this.lostShares = Array.from({ length: services }, () => []);
    this.partition = new Uint8Array(edges);
    this.active = new Uint8Array(faults.length);
  }

  /** Marks fault `i` active or not and recomputes every service's and edge's state. */
  set(i: number, on: boolean): void {
    this.active[i] = on ? 1 : 0;
    this.outage.fill(OUTAGE_NONE);
    this.latencyFactor.fill(1);
    this.latencyAdd.fill(0);
    this.errorRate.fill(0);
    this.lostWorkers.fill(0);
    for (const shares of this.lostShares) shares.length = 0;
    this.partition.fill(OUTAGE_NONE);
    this.faults.forEach((f, k) => { if (this.active[k]) this.add(f); });
  }

  /**
   * Workers service `s` has lost now, given the instances it runs now: each share fault takes
   * its share of the current instances (rounded), so it follows an autoscaler that adds or
   * removes them.
   */
  lost(s: number, instances: number): number {
    let lostInstances = 0;
    for (const share of this.lostShares[s]) lostInstances += Math.round(share * instances);
    return this.lostWorkers[s] + lostInstances * this.workersPerInstance[s];
  }

  private add(f: FaultSpec): void {
    if (f.kind === 'partition') {
      const mode = f.mode === 'hang' ? OUTAGE_HANG : OUTAGE_FAIL_FAST;
      for (const e of this.edgesBetween.get(`${f.from}->${f.to}`) ?? []) this.partition[e] = Math.max(this.partition[e], mode);
      return;
    }
    const s = this.serviceIndex.get(f.service)!;
    switch (f.kind) {
      case 'outage': this.outage[s] = Math.max(this.outage[s], f.mode === 'hang' ? OUTAGE_HANG : OUTAGE_FAIL_FAST); break;
      case 'latency': this.latencyFactor[s] *= f.factor; this.latencyAdd[s] += f.addMs; break;
      case 'errors': this.errorRate[s] = 1 - (1 - this.errorRate[s]) * (1 - f.rate); break;
      case 'capacity':
        this.lostWorkers[s] += f.workers;
        if (f.share > 0) this.lostShares[s].push(f.share);
        break;
      case 'cache-flush': break; // an instant: the model flushes the cache when it starts
    }
  }
}
