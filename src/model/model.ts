import { Simulation, type Handler } from '../engine/index.js';
import type { Scenario } from '../scenario/types.js';
import { Breakers } from './breaker.js';
import { Caches } from './cache.js';
import { CallPool } from './calls.js';
import { Callers } from './callers.js';
import { Door } from './door.js';
import type { Compiled } from './compile.js';
import { ControlState, Controls } from './controls.js';
import { ARRIVAL, EXPIRE, PATIENCE, REACH, REDELIVER, RETHINK, RETRY, TIMEOUT, WARMUP, WORK_DONE } from './events.js';
import { Expiry } from './expiry.js';
import { JobPool } from './jobs.js';
import { Messaging } from './messaging.js';
import { overflowReason } from './overflow.js';
import type { RunStatus } from './result.js';
import { Services } from './services.js';
import { LatencySignals } from './signals.js';
import { propagatesDeadlines, sheddingOf } from '../scenario/resolve.js';
import { Stats } from './stats.js';
import { UserStats } from './user-stats.js';
import { Users } from './users.js';

/**
 * One run of a scenario: users send requests to features' entry services; services queue and
 * work on them and call each other; faults, policies and defences act on the way. This is the
 * orchestrator: it builds the parts, wires them, and owns the event switch and the series
 * buckets. The request path is callers.ts (the calling side) and services.ts (the called side),
 * with messaging.ts for message consumers; the control plane is controls.ts. State lives in
 * structure-of-arrays pools (jobs, calls) and per-concern classes; measurements in Stats.
 */
export class Model implements Handler {
  readonly sim = new Simulation();
  readonly jobs: JobPool;
  readonly calls: CallPool;
  readonly stats: Stats;
  readonly userStats: UserStats;
  readonly users: Users;
  readonly breakers: Breakers;
  readonly callers: Callers;
  readonly door: Door;
  readonly services: Services;
  readonly controls: Controls;
  private readonly messaging: Messaging;
  private readonly expiry: Expiry;
  readonly warmup: number;
  readonly end: number;
  /** Set when the model stopped the run early: which budget, and why in words. */
  stopped: { status: RunStatus; reason: string } | null = null;
  /** End time of the open series bucket, and its index. */
  private nextTick = Infinity;
  private nextBucket = 0;

  constructor(readonly scenario: Scenario, readonly net: Compiled, maxInFlight: number) {
    const sim = this.sim, S = net.serviceNames.length;
    this.warmup = scenario.warmupMs;
    this.end = scenario.durationMs;
    this.jobs = new JobPool(maxInFlight);
    this.calls = new CallPool(maxInFlight);
    this.stats = new Stats(net.featureNames.length, S, net.edgeNames.length, this.warmup, this.end);
    const fs = this.stats.fSeries;
    this.userStats = new UserStats(scenario.features, S, net.sessions, fs.start, fs.end, fs.width);
    this.stats.users = this.userStats;
    this.breakers = new Breakers(net.edgePolicy.map((p) => p.breaker));
    const caches = new Caches(scenario.services.map((s) => s.cache), net.cacheRandom);
    const watched = net.serviceNames.map((name) => sheddingOf(scenario).some((d) => d.signal === 'p95' && d.service === name));
    const signals = new LatencySignals(this.jobs, watched);
    const state = new ControlState(scenario, net);
    this.services = new Services(sim, net, this.stats, this.jobs, caches, signals, state);
    this.callers = new Callers(sim, net, this.stats, this.jobs, this.calls, this.breakers, state,
      propagatesDeadlines(scenario), () => this.overflow());
    this.door = new Door(sim, net, this.stats, this.jobs, this.calls, state, this.warmup, this.end, () => this.overflow());
    this.users = new Users(sim, net, this.stats, this.userStats, this.jobs, this.calls, maxInFlight, this.services, (reason) => this.overflow(reason));
    this.messaging = new Messaging(sim, net, this.stats, this.jobs, this.services, this.callers, this.warmup);
    this.controls = new Controls(sim, scenario, net, this.stats, caches, signals, state, this.services, this.callers);
    this.expiry = new Expiry(sim, net, this.stats, this.jobs, this.services);
    this.services.expiry = this.expiry;
    this.services.callers = this.callers;
    this.services.messaging = this.messaging;
    this.callers.services = this.services;
    this.callers.users = this.users;
    this.door.callers = this.callers;
    this.door.users = this.users;
    this.users.door = this.door;
  }

  /** Schedules the first arrivals, faults, the start of measurement, series ticks and policies. */
  start(): void {
    const st = this.stats, services = this.services;
    for (let s = 0; s < services.capacity.length; s++) {
      st.capacity.set(s, 0, services.capacity[s]);
      st.instances.set(s, 0, this.controls.instances[s]);
    }
    for (let f = 0; f < this.net.curves.length; f++) this.door.scheduleArrival(f);
    if (this.warmup > 0) this.sim.at(this.warmup, WARMUP, 0);
    else st.startMeasuring(0, this.breakers);
    this.nextTick = st.sSeries.buckets > 1 ? st.sSeries.start + st.sSeries.width : Infinity;
    this.controls.start();
  }

  handle(kind: number, arg: number): void {
    // Series buckets close before the first event at or after their end: no tick events in the
    // heap, and what happens exactly on a boundary falls in the later bucket, as its time says.
    if (this.sim.now >= this.nextTick) this.closeBuckets(this.sim.now);
    switch (kind) {
      case ARRIVAL: this.door.arrival(arg); break;
      case WORK_DONE: this.services.workDone(arg); break;
      case REACH: this.services.reach(arg); break;
      case TIMEOUT: this.callers.timeoutsDue(arg); break;
      case RETRY: this.callers.attempt(arg); break;
      default: this.rare(kind, arg);
    }
  }

  /** The less frequent events, out of line so the common switch stays small enough to inline. */
  private rare(kind: number, arg: number): void {
    switch (kind) {
      case REDELIVER: this.services.reach(arg); break;
      case EXPIRE: this.expiry.expire(arg); break;
      case PATIENCE: this.users.patienceDue(arg); break;
      case RETHINK: this.users.tryOnce(arg); break;
      case WARMUP: this.stats.startMeasuring(this.sim.now, this.breakers); break;
      default: this.controls.handle(kind, arg);
    }
  }

  /** Closes every series bucket that ended at or before `now`, each at its own end time. */
  private closeBuckets(now: number): void {
    const series = this.stats.sSeries;
    while (now >= this.nextTick) {
      this.stats.closeBucket(this.nextBucket, this.nextTick, this.breakers);
      this.userStats.closeBucket(this.nextBucket, this.stats.fArrivals);
      this.nextBucket++;
      this.nextTick = this.nextBucket + 1 < series.buckets ? series.start + (this.nextBucket + 1) * series.width : Infinity;
    }
  }

  /** Closes the series buckets that ended at or before `now`, as the next event would (for a snapshot between steps). */
  closeBucketsAt(now: number): void {
    if (now >= this.nextTick) this.closeBuckets(now);
  }

  /** Closes the buckets up to where the run ended, and the one it ended in (the last, or an earlier one after a budget stop). */
  finish(): void {
    const now = this.sim.now;
    this.closeBuckets(now);
    if (now >= this.stats.sSeries.start) {
      this.stats.closeBucket(this.nextBucket, now, this.breakers);
      this.userStats.closeBucket(this.nextBucket, this.stats.fArrivals);
    }
  }

  /** The in-flight limit is reached: stop the run, saying where the requests pile up (or `known`, the users' own reason) and what to change. */
  private overflow(known: string | null = null): void {
    // One event can fail many allocations (a healed partition retries every hung call at once):
    // the first diagnosis stands, and the rest cost nothing.
    if (this.stopped) return;
    const services = this.services;
    const reason = known ?? overflowReason({
      net: this.net, jobs: this.jobs, calls: this.calls, limit: this.jobs.limit, now: this.sim.now, queues: services.queues,
      parked: services.parked,
    });
    this.stopped = { status: 'memory-budget', reason };
    this.sim.stop(reason);
  }
}
