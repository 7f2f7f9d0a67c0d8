import type { FaultSpec } from '../scenario/types.js';
import { Dimmer } from './shedding.js';
import { Autoscaler } from './autoscale.js';
import { LogHistogram } from '../metrics/histogram.js';
import { OUTAGE_NONE, OUTAGE_HANG } from './faults.js';
import { FAULT_ON, FAULT_OFF, POLICY_TICK, AUTOSCALE, INSTANCE_READY, FAILOVER, type Model } from './model.js';
import { E_ROWS, E_OPEN_MS, S_ERRORS } from './stats.js';

/** How often shedding policies look at their signal. */
const POLICY_EVERY_MS = 1000;

/**
 * The slow control plane around the request path: faults starting and ending, failover,
 * the shedding dimmers, autoscalers and series ticks. These act a few times a second at most,
 * so they favour clarity over speed; the request path only reads the flags they set.
 */
export class Controls {
  /** Per priority index (core, important, optional): shed at the door now. */
  readonly shed = new Uint8Array(3);
  /** Per service: answers are stale until this time (after a failover). */
  readonly staleUntil: Float64Array;
  /** Per service: a standby has taken over from a failed primary. */
  private readonly failedOver: Uint8Array;
  /** Per service: outage state as callers see it now (kept current, so the request path reads one byte). */
  readonly downNow: Uint8Array;
  readonly dimmers: Dimmer[];
  private readonly dimmerService: number[];
  private readonly scalers: (Autoscaler | undefined)[];
  /** Per-service sojourn histograms over the current policy tick (for p95 signals). */
  private readonly tickSojourn: (LogHistogram | undefined)[];
  private readonly lastPolicy: Float64Array[];
  private readonly lastScale: Float64Array[];
  private readonly openAtTick: Float64Array;
  /** Breaker counters when measurement started (warmup excluded from reports). */
  readonly opened0: Float64Array;
  readonly openMs0: Float64Array;
  /** Per service: when a pending failover is due (a failover event from an earlier outage is ignored). */
  private readonly failoverDue: Float64Array;

  constructor(private readonly m: Model) {
    const S = m.net.serviceNames.length;
    this.staleUntil = new Float64Array(S).fill(-Infinity);
    this.failedOver = new Uint8Array(S);
    this.downNow = new Uint8Array(S);
    const shedding = m.scenario.shedding ?? [];
    this.dimmers = shedding.map((spec) => new Dimmer(spec));
    this.dimmerService = shedding.map((spec) => m.net.serviceIndex.get(spec.service)!);
    this.tickSojourn = m.net.serviceNames.map((_, s) =>
      shedding.some((d, k) => d.signal === 'p95' && this.dimmerService[k] === s) ? new LogHistogram() : undefined);
    this.scalers = m.scenario.services.map((svc) => (svc.autoscale ? new Autoscaler(svc.autoscale, svc.instances ?? 1) : undefined));
    this.lastPolicy = [0, 1, 2].map(() => new Float64Array(S));
    this.lastScale = [0, 1].map(() => new Float64Array(S));
    this.openAtTick = new Float64Array(m.net.edgeNames.length);
    this.opened0 = new Float64Array(m.net.edgeNames.length);
    this.openMs0 = new Float64Array(m.net.edgeNames.length);
    this.failoverDue = new Float64Array(S).fill(NaN);
  }

  start(): void {
    const sim = this.m.sim;
    (this.m.scenario.faults ?? []).forEach((f, i) => {
      if (f.startMs > this.m.end) return;
      sim.at(f.startMs, FAULT_ON, i);
      if (f.kind !== 'cache-flush' && f.startMs + f.durationMs <= this.m.end) sim.at(f.startMs + f.durationMs, FAULT_OFF, i);
    });
    if (this.dimmers.length > 0) sim.at(POLICY_EVERY_MS, POLICY_TICK, 0);
    this.scalers.forEach((a, s) => { if (a) sim.at(this.m.scenario.services[s].autoscale!.evaluateMs, AUTOSCALE, s); });
  }

  handle(kind: number, arg: number): void {
    switch (kind) {
      case FAULT_ON: this.fault(arg, true); break;
      case FAULT_OFF: this.fault(arg, false); break;
      case POLICY_TICK: this.policyTick(); break;
      case AUTOSCALE: this.autoscale(arg); break;
      case INSTANCE_READY: this.instanceReady(arg); break;
      case FAILOVER: this.failover(arg); break;
    }
  }

  /** Snapshots breaker counters at the start of measurement. */
  startMeasuring(now: number): void {
    const b = this.m.breakers;
    for (let e = 0; e < this.openAtTick.length; e++) {
      this.opened0[e] = b.opened[e];
      this.openMs0[e] = this.openAtTick[e] = b.openMs(e, now);
    }
  }

  /** Outage state of service `s` as callers see it (a standby that took over clears it). */
  down(s: number): number {
    return this.downNow[s];
  }

  private refreshDown(): void {
    const outage = this.m.faults.outage;
    for (let s = 0; s < this.downNow.length; s++) this.downNow[s] = this.failedOver[s] ? OUTAGE_NONE : outage[s];
  }

  /** Records a request's sojourn for p95 signals (only watched services keep a histogram). */
  observe(s: number, sojourn: number): void {
    this.tickSojourn[s]?.add(sojourn);
  }

  private fault(i: number, on: boolean): void {
    const m = this.m, spec = m.faults.faults[i];
    const wasDown = spec.kind === 'outage' ? this.down(m.net.serviceIndex.get(spec.service)!) : OUTAGE_NONE;
    if (spec.kind === 'cache-flush') { m.caches.flush(m.net.serviceIndex.get(spec.service)!, m.sim.now); return; }
    const cutBefore = spec.kind === 'partition' ? Uint8Array.from(m.faults.partition) : null;
    m.faults.set(i, on, this.m.instances);
    this.refreshDown();
    if (cutBefore) cutBefore.forEach((was, e) => { if (was && !m.faults.partition[e]) m.partitionHealed(e); });
    if (spec.kind === 'capacity') this.resize(m.net.serviceIndex.get(spec.service)!);
    if (spec.kind === 'outage') this.outageChanged(spec, on, wasDown);
  }

  private outageChanged(spec: Extract<FaultSpec, { kind: 'outage' }>, on: boolean, wasDown: number): void {
    const m = this.m, s = m.net.serviceIndex.get(spec.service)!, failover = m.scenario.services[s].failover;
    // Only an outage that takes a healthy primary down starts a failover (not one that overlaps it).
    if (on && failover && wasDown === OUTAGE_NONE && !this.failedOver[s]) {
      this.failoverDue[s] = m.sim.now + failover.detectionMs + failover.switchoverMs;
      m.sim.at(this.failoverDue[s], FAILOVER, s);
    }
    if (!on && m.faults.outage[s] === OUTAGE_NONE) { this.failedOver[s] = 0; this.failoverDue[s] = NaN; this.refreshDown(); }
    const now = this.down(s);
    if (wasDown === OUTAGE_HANG && now !== OUTAGE_HANG) this.resetParked(s);
    if (now === OUTAGE_NONE) m.fillWorkers(s);
    else if (now !== OUTAGE_HANG) this.drainQueue(s);
  }

  /** Connections to a hung service are reset when it recovers: every parked job fails. */
  private resetParked(s: number): void {
    const m = this.m, parked = m.parked[s];
    while (parked.length > 0) {
      const j = parked.shift();
      if (m.jobs.arrived[j] >= m.warmup) m.stats.sFailed[s]++;
      m.answer(j, false);
    }
  }

  /** A service that fails fast fails its waiting requests too. */
  private drainQueue(s: number): void {
    const q = this.m.queues[s], m = this.m;
    if (m.net.messaging[s]) return; // messages wait out the outage in the backlog
    while (q.length > 0) {
      const j = q.shift();
      m.stats.queued.set(s, m.sim.now, q.length);
      m.fail(j, s, S_ERRORS);
    }
  }

  private failover(s: number): void {
    const m = this.m, spec = m.scenario.services[s].failover!;
    if (m.sim.now !== this.failoverDue[s] || m.faults.outage[s] === OUTAGE_NONE || this.failedOver[s]) return;
    const was = this.down(s);
    this.failedOver[s] = 1;
    this.refreshDown();
    this.staleUntil[s] = m.sim.now + spec.staleReadsMs;
    if (was === OUTAGE_HANG) this.resetParked(s);
    m.fillWorkers(s);
  }

  /** Recomputes service `s`'s worker capacity from instances and lost workers. */
  resize(s: number): void {
    const m = this.m;
    m.capacity[s] = Math.max(0, m.net.workersPerInstance[s] * m.instances[s] - m.faults.lostWorkers[s]);
    m.capacityLevel(s);
    m.fillWorkers(s);
  }

  /** Utilization of `s` since `marks` were taken (busy area / capacity area), updating the marks. */
  private utilizationSince(s: number, marks: Float64Array[]): number {
    const st = this.m.stats;
    const busy = st.busy.area[s] - marks[0][s], cap = st.capacity.area[s] - marks[1][s];
    marks[0][s] = st.busy.area[s];
    marks[1][s] = st.capacity.area[s];
    return cap > 0 ? busy / cap : busy > 0 ? 1 : 0;
  }

  private policyTick(): void {
    const m = this.m, now = m.sim.now, st = m.stats;
    st.flushAll(now);
    const signals = new Map<number, { utilization: number; queue: number; p95: number }>();
    for (const s of new Set(this.dimmerService)) {
      const queue = (st.queued.area[s] - this.lastPolicy[2][s]) / POLICY_EVERY_MS;
      this.lastPolicy[2][s] = st.queued.area[s];
      const h = this.tickSojourn[s];
      signals.set(s, { utilization: this.utilizationSince(s, this.lastPolicy), queue, p95: h ? h.quantile(0.95) : 0 });
      h?.reset();
    }
    this.shed.fill(0);
    this.dimmers.forEach((d, k) => {
      d.update(now, signals.get(this.dimmerService[k])![d.spec.signal]);
      for (let p = 0; p < 3; p++) if (d.sheds(p)) this.shed[p] = 1;
    });
    if (now + POLICY_EVERY_MS <= m.end) m.sim.schedule(POLICY_EVERY_MS, POLICY_TICK, 0);
  }

  private autoscale(s: number): void {
    const m = this.m, a = this.scalers[s]!, spec = m.scenario.services[s].autoscale!, now = m.sim.now;
    m.stats.flushAll(now);
    const delta = a.evaluate(now, this.utilizationSince(s, this.lastScale));
    for (let k = 0; k < delta; k++) m.sim.schedule(spec.startupMs, INSTANCE_READY, s);
    if (delta < 0) {
      m.instances[s] += delta;
      this.resize(s);
    }
    m.stats.instances.set(s, now, a.running + a.starting);
    if (now + spec.evaluateMs <= m.end) m.sim.schedule(spec.evaluateMs, AUTOSCALE, s);
  }

  private instanceReady(s: number): void {
    const a = this.scalers[s]!;
    a.ready(1);
    this.m.instances[s]++;
    this.resize(s);
    this.m.stats.instances.set(s, this.m.sim.now, a.running + a.starting);
  }

  /** Closes series bucket `b` at time `now`: level areas, counter growth, and each breaker's time open. */
  tick(b: number, now: number): void {
    const m = this.m, st = m.stats, n = st.eSeries.buckets;
    st.closeBucket(b, now);
    for (let e = 0; e < this.openAtTick.length; e++) {
      const open = m.breakers.openMs(e, now);
      st.eSeries.values[(e * E_ROWS + E_OPEN_MS) * n + b] = open - this.openAtTick[e];
      this.openAtTick[e] = open;
    }
  }
}

