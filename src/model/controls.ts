import type { Simulation } from '../engine/index.js';
import type { FaultSpec, Scenario } from '../scenario/types.js';
import type { Caches } from './cache.js';
import type { Compiled } from './compile.js';
import { Autoscaler } from './autoscale.js';
import { AUTOSCALE, FAILOVER, FAULT_OFF, FAULT_ON, INSTANCE_READY, POLICY_TICK, unknownKind } from './events.js';
import { FaultState, OUTAGE_HANG, OUTAGE_NONE } from './faults.js';
import { Dimmer } from './shedding.js';
import type { LatencySignals } from './signals.js';
import type { Stats } from './stats.js';
import { faultsOf, sheddingOf } from '../scenario/resolve.js';

/** How often shedding policies look at their signal. */
const POLICY_EVERY_MS = 1000;

/** What the control plane may do to services: the narrow interface it depends on. */
export interface ServiceControl {
  /** Service `s` now has `workers` workers able to take work; waiting work starts on any that are free. */
  setCapacity(s: number, workers: number): void;
  /** Starts waiting work at `s` on free workers (after an outage ends). */
  fillWorkers(s: number): void;
  /** A hung service recovered or failed over: the requests it held fail (the connections are reset). */
  resetParked(s: number): void;
  /** A service that now fails fast fails its waiting requests too. */
  failQueued(s: number): void;
}

/** What the control plane may do to calls. */
export interface EdgeControl {
  /** A hanging partition on edge `e` healed: attempts hanging in it fail (the connections are reset). */
  healPartition(e: number): void;
}

/**
 * What the control plane decides and the request path reads, kept current by Controls: the
 * request path reads one byte or number per request instead of asking.
 */
export class ControlState {
  /** Per priority index (core, important, optional): shed at the door now. */
  readonly shed = new Uint8Array(3);
  /** Per service: answers are stale until this time (after a failover). */
  readonly staleUntil: Float64Array;
  /** Per service: outage state as callers see it now (a standby that took over clears it). */
  readonly downNow: Uint8Array;
  /** What the active faults do to services and edges now. */
  readonly faults: FaultState;

  constructor(scenario: Scenario, net: Compiled) {
    const S = net.serviceNames.length;
    this.staleUntil = new Float64Array(S).fill(-Infinity);
    this.downNow = new Uint8Array(S);
    this.faults = new FaultState(faultsOf(scenario), net.serviceIndex, net.edgesBetween, net.workersPerInstance, S, net.edgeNames.length);
  }
}

/**
 * The slow control plane around the request path: faults starting and ending, failover, the
 * shedding dimmers and the autoscalers. These act a few times a second at most, so they favour
 * clarity over speed; the request path only reads the ControlState they keep current, and they
 * act on the path only through ServiceControl and EdgeControl.
 */
export class Controls {
  /** Per service: instances running now (autoscaling changes them). */
  readonly instances: Int32Array;
  readonly dimmers: Dimmer[];
  private readonly shed: Uint8Array;
  private readonly staleUntil: Float64Array;
  private readonly downNow: Uint8Array;
  private readonly faults: FaultState;
  /** Per service: a standby has taken over from a failed primary. */
  private readonly failedOver: Uint8Array;
  /** Per service: when a pending failover is due (a failover event from an earlier outage is ignored). */
  private readonly failoverDue: Float64Array;
  private readonly dimmerService: number[];
  private readonly scalers: (Autoscaler | undefined)[];
  /** Busy-worker, capacity and queue areas at the last policy tick / autoscaler look, per service. */
  private readonly lastPolicy: Float64Array[];
  private readonly lastScale: Float64Array[];

  constructor(
    private readonly sim: Simulation,
    private readonly scenario: Scenario,
    private readonly net: Compiled,
    private readonly stats: Stats,
    private readonly caches: Caches,
    private readonly signals: LatencySignals,
    state: ControlState,
    private readonly services: ServiceControl,
    private readonly edges: EdgeControl,
  ) {
    const S = net.serviceNames.length;
    ({ shed: this.shed, staleUntil: this.staleUntil, downNow: this.downNow, faults: this.faults } = state);
    this.instances = Int32Array.from(net.instances);
    this.failedOver = new Uint8Array(S);
    this.failoverDue = new Float64Array(S).fill(NaN);
    const shedding = sheddingOf(scenario);
    this.dimmers = shedding.map((spec) => new Dimmer(spec));
    this.dimmerService = shedding.map((spec) => net.serviceIndex.get(spec.service)!);
    this.scalers = scenario.services.map((svc, s) => (svc.autoscale ? new Autoscaler(svc.autoscale, net.instances[s]) : undefined));
    this.lastPolicy = [0, 1, 2].map(() => new Float64Array(S));
    this.lastScale = [0, 1].map(() => new Float64Array(S));
  }

  /** Schedules the faults, the first policy tick and each autoscaler's first look. */
  start(): void {
    const sim = this.sim, end = this.scenario.durationMs;
    this.faults.faults.forEach((f, i) => {
      if (f.startMs > end) return;
      sim.at(f.startMs, FAULT_ON, i);
      if (f.kind !== 'cache-flush' && f.startMs + f.durationMs <= end) sim.at(f.startMs + f.durationMs, FAULT_OFF, i);
    });
    if (this.dimmers.length > 0) sim.at(POLICY_EVERY_MS, POLICY_TICK, 0);
    this.scalers.forEach((a, s) => { if (a) sim.at(a.spec.evaluateMs, AUTOSCALE, s); });
  }

  /** Handles a control-plane event. @throws Error on a kind that is not the control plane's. */
  handle(kind: number, arg: number): void {
    switch (kind) {
      case FAULT_ON: this.fault(arg, true); break;
      case FAULT_OFF: this.fault(arg, false); break;
      case POLICY_TICK: this.policyTick(); break;
      case AUTOSCALE: this.autoscale(arg); break;
      case INSTANCE_READY: this.instanceReady(arg); break;
      case FAILOVER: this.failover(arg); break;
      default: unknownKind(kind);
    }
  }

  private refreshDown(): void {
    const outage = this.faults.outage;
    for (let s = 0; s < this.downNow.length; s++) this.downNow[s] = this.failedOver[s] ? OUTAGE_NONE : outage[s];
  }

  private fault(i: number, on: boolean): void {
    const spec = this.faults.faults[i], index = this.net.serviceIndex;
    if (spec.kind === 'cache-flush') { this.caches.flush(index.get(spec.service)!, this.sim.now); return; }
    const wasDown = spec.kind === 'outage' ? this.downNow[index.get(spec.service)!] : OUTAGE_NONE;
    const cutBefore = spec.kind === 'partition' ? Uint8Array.from(this.faults.partition) : null;
    this.faults.set(i, on);
    this.refreshDown();
    if (cutBefore) cutBefore.forEach((was, e) => { if (was && !this.faults.partition[e]) this.edges.healPartition(e); });
    if (spec.kind === 'capacity') this.resize(index.get(spec.service)!);
    if (spec.kind === 'outage') this.outageChanged(spec, on, wasDown);
  }

  private outageChanged(spec: Extract<FaultSpec, { kind: 'outage' }>, on: boolean, wasDown: number): void {
    const s = this.net.serviceIndex.get(spec.service)!, failover = this.scenario.services[s].failover;
    // Only an outage that takes a healthy primary down starts a failover (not one that overlaps it).
    if (on && failover && wasDown === OUTAGE_NONE && !this.failedOver[s]) {
      this.failoverDue[s] = this.sim.now + failover.detectionMs + failover.switchoverMs;
      this.sim.at(this.failoverDue[s], FAILOVER, s);
    }
    if (!on && this.faults.outage[s] === OUTAGE_NONE) { this.failedOver[s] = 0; this.failoverDue[s] = NaN; this.refreshDown(); }
    const now = this.downNow[s];
    if (wasDown === OUTAGE_HANG && now !== OUTAGE_HANG) this.services.resetParked(s);
    if (now === OUTAGE_NONE) this.services.fillWorkers(s);
    else if (now !== OUTAGE_HANG) this.services.failQueued(s);
  }

  private failover(s: number): void {
    const spec = this.scenario.services[s].failover!;
    if (this.sim.now !== this.failoverDue[s] || this.faults.outage[s] === OUTAGE_NONE || this.failedOver[s]) return;
    const was = this.downNow[s];
    this.failedOver[s] = 1;
    this.refreshDown();
    this.staleUntil[s] = this.sim.now + spec.staleReadsMs;
    if (was === OUTAGE_HANG) this.services.resetParked(s);
    this.services.fillWorkers(s);
  }

  /** Recomputes service `s`'s worker capacity from its instances now and the workers faults take. */
  private resize(s: number): void {
    const instances = this.instances[s];
    this.services.setCapacity(s, Math.max(0, this.net.workersPerInstance[s] * instances - this.faults.lost(s, instances)));
  }

  /** Utilization of `s` since `marks` were taken (busy area / capacity area), updating the marks. */
  private utilizationSince(s: number, marks: Float64Array[]): number {
    const st = this.stats;
    const busy = st.busy.area[s] - marks[0][s], cap = st.capacity.area[s] - marks[1][s];
    marks[0][s] = st.busy.area[s];
    marks[1][s] = st.capacity.area[s];
    return cap > 0 ? busy / cap : busy > 0 ? 1 : 0;
  }

  /** Each dimmer looks at its signal over the tick that just ended; shedding is the union of what they shed. */
  private policyTick(): void {
    const now = this.sim.now, st = this.stats, signal = new Map<number, Record<'utilization' | 'queue' | 'p95', number>>();
    st.flushAll(now);
    for (const s of new Set(this.dimmerService)) {
      const queue = (st.queued.area[s] - this.lastPolicy[2][s]) / POLICY_EVERY_MS;
      this.lastPolicy[2][s] = st.queued.area[s];
      signal.set(s, { utilization: this.utilizationSince(s, this.lastPolicy), queue, p95: this.signals.watches(s) ? this.signals.p95(s, now) : 0 });
    }
    this.shed.fill(0);
    this.dimmers.forEach((d, k) => {
      d.update(now, signal.get(this.dimmerService[k])![d.spec.signal]);
      for (let p = 0; p < 3; p++) if (d.sheds(p)) this.shed[p] = 1;
    });
    if (now + POLICY_EVERY_MS <= this.scenario.durationMs) this.sim.schedule(POLICY_EVERY_MS, POLICY_TICK, 0);
  }

  private autoscale(s: number): void {
    const a = this.scalers[s]!, now = this.sim.now;
    this.stats.flushAll(now);
    const delta = a.evaluate(now, this.utilizationSince(s, this.lastScale));
    for (let k = 0; k < delta; k++) this.sim.schedule(a.spec.startupMs, INSTANCE_READY, s);
    if (delta < 0) {
      this.instances[s] += delta;
      this.resize(s);
    }
    this.stats.instances.set(s, now, a.running + a.starting);
    if (now + a.spec.evaluateMs <= this.scenario.durationMs) this.sim.schedule(a.spec.evaluateMs, AUTOSCALE, s);
  }

  private instanceReady(s: number): void {
    const a = this.scalers[s]!;
    a.ready(1);
    this.instances[s]++;
    this.resize(s);
    this.stats.instances.set(s, this.sim.now, a.running + a.starting);
  }
}
