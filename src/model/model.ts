import { IntRing, Simulation, type Handler } from '../engine/index.js';
import type { Scenario } from '../scenario/types.js';
import type { Compiled } from './compile.js';
import { JobPool, FAILED, DEGRADED, STALE, MESSAGE, CACHE_MISS, DIRECT } from './jobs.js';
import { CallPool } from './calls.js';
import { TimeoutQueues } from './timeouts.js';
import { FaultState, OUTAGE_NONE, OUTAGE_HANG } from './faults.js';
import { Breakers } from './breaker.js';
import { RetryBudgets, backoffDelay } from './retry.js';
import { TokenBuckets } from './ratelimit.js';
import { Caches } from './cache.js';
import { Controls } from './controls.js';
import { Stats, S_REJECTED, S_ERRORS } from './stats.js';

/** Event kinds: the model's whole vocabulary with the kernel. */
export const ARRIVAL = 0, WORK_DONE = 1, REACH = 2, TIMEOUT = 3, RETRY = 4, FAULT_ON = 5, FAULT_OFF = 6,
  WARMUP = 7, POLICY_TICK = 9, AUTOSCALE = 10, INSTANCE_READY = 11, EXPIRE = 12, REDELIVER = 13, FAILOVER = 14;

/**
 * Users send requests (calls) to features' entry services; a service has workers and a waiting
 * room; after its own work a request makes its service's calls step by step (calls in one step
 * run in parallel), synchronously: the worker stays held while it waits, so a slow dependency
 * exhausts its callers. Each call may time out, retry with backoff under a budget, be cut off
 * by a breaker or a bulkhead, and be optional. Faults, caches, message consumers, shedding,
 * autoscaling and failover act on services.
 *
 * This is the orchestrator: it owns the event switch and the request life cycle. State lives in
 * structure-of-arrays pools (jobs, calls) and per-concern classes; measurements in Stats.
 */
export class Model implements Handler {
  readonly sim = new Simulation();
  readonly jobs: JobPool;
  readonly calls: CallPool;
  readonly stats: Stats;
  readonly busy: Int32Array;
  /** Workers able to take work now, per service (instances × workers − lost). */
  readonly capacity: Int32Array;
  readonly instances: Int32Array;
  readonly queues: IntRing[];
  /** Jobs taken by a hanging service, answered only when the outage ends. */
  readonly parked: IntRing[];
  readonly edgeInFlight: Float64Array;
  /** Calls whose current attempt hangs in a partition, per edge (some may have ended since: checked when drained). */
  readonly hungOnEdge: IntRing[];
  readonly timeouts: TimeoutQueues;
  readonly timeoutPending: Uint8Array;
  readonly expirePending: Uint8Array;
  readonly faults: FaultState;
  readonly breakers: Breakers;
  readonly budgets: RetryBudgets;
  readonly limits: TokenBuckets;
  readonly caches: Caches;
  readonly controls: Controls;
  /** Outage state per service as callers see it (owned by the controls). */
  private readonly downNow: Uint8Array;
  readonly warmup: number;
  readonly end: number;
  private readonly propagate: boolean;
  /** End time of the open series bucket, and its index. */
  private nextTick = Infinity;
  private nextBucket = 0;

  constructor(readonly scenario: Scenario, readonly net: Compiled, maxInFlight: number) {
    const S = net.serviceNames.length, E = net.edgeNames.length;
    this.warmup = scenario.warmupMs;
    this.end = scenario.durationMs;
    this.propagate = scenario.propagateDeadlines ?? false;
    this.jobs = new JobPool(maxInFlight);
    this.calls = new CallPool(maxInFlight);
    this.stats = new Stats(net.featureNames.length, S, E, this.warmup, this.end);
    this.busy = new Int32Array(S);
    this.instances = Int32Array.from(net.instances);
    this.capacity = Int32Array.from(net.workersPerInstance, (w, s) => w * net.instances[s]);
    this.queues = net.serviceNames.map(() => new IntRing());
    this.parked = net.serviceNames.map(() => new IntRing(1));
    this.edgeInFlight = new Float64Array(E);
    this.hungOnEdge = net.edgeNames.map(() => new IntRing(1));
    this.timeouts = new TimeoutQueues(E);
    this.timeoutPending = new Uint8Array(E);
    this.expirePending = new Uint8Array(S);
    this.faults = new FaultState(scenario.faults ?? [], net.serviceIndex, net.edgesBetween, net.workersPerInstance, S, E);
    this.breakers = new Breakers(net.edgePolicy.map((p) => p.breaker));
    this.budgets = new RetryBudgets(net.edgePolicy.map((p) => p.retry?.budget));
    this.limits = new TokenBuckets(scenario.features.map((f) => f.rateLimit));
    this.caches = new Caches(scenario.services.map((s) => s.cache), net.cacheRandom);
    this.controls = new Controls(this);
    this.downNow = this.controls.downNow;
  }

  /** Schedules the first arrivals, faults, the start of measurement, series ticks and policies. */
  start(): void {
    const sim = this.sim, st = this.stats;
    for (let s = 0; s < this.capacity.length; s++) {
      st.capacity.set(s, 0, this.capacity[s]);
      st.instances.set(s, 0, this.instances[s]);
    }
    for (let f = 0; f < this.net.curves.length; f++) this.scheduleArrival(f);
    if (this.warmup > 0) sim.at(this.warmup, WARMUP, 0);
    else { st.startMeasuring(0); this.controls.startMeasuring(0); }
    this.nextTick = st.sSeries.buckets > 1 ? st.sSeries.start + st.sSeries.width : Infinity;
    this.controls.start();
  }

  handle(kind: number, arg: number): void {
    // Series buckets close before the first event at or after their end: no tick events in the
    // heap, and what happens exactly on a boundary falls in the later bucket, as its time says.
    if (this.sim.now >= this.nextTick) this.closeBuckets(this.sim.now);
    switch (kind) {
      case ARRIVAL: this.arrival(arg); break;
      case WORK_DONE: this.workDone(arg); break;
      case REACH: this.reach(arg); break;
      case TIMEOUT: this.timeoutsDue(arg); break;
      case RETRY: this.attempt(arg); break;
      case REDELIVER: this.reach(arg); break;
      case EXPIRE: this.expire(arg); break;
      case WARMUP: this.stats.startMeasuring(this.sim.now); this.controls.startMeasuring(this.sim.now); break;
      default: this.controls.handle(kind, arg);
    }
  }

  /** Closes every series bucket that ended at or before `now`, each at its own end time. */
  private closeBuckets(now: number): void {
    const series = this.stats.sSeries;
    while (now >= this.nextTick) {
      this.controls.tick(this.nextBucket, this.nextTick);
      this.nextBucket++;
      this.nextTick = this.nextBucket + 1 < series.buckets ? series.start + (this.nextBucket + 1) * series.width : Infinity;
    }
  }

  /** Closes the buckets up to where the run ended, and the one it ended in (the last, or an earlier one after a budget stop). */
  finish(): void {
    const now = this.sim.now;
    this.closeBuckets(now);
    if (now >= this.stats.sSeries.start) this.controls.tick(this.nextBucket, now);
  }

  private scheduleArrival(f: number): void {
    const t = this.net.curves[f].next(this.sim.now, -Math.log(1 - this.net.arrivalStreams[f]()));
    if (t <= this.end) this.sim.at(t, ARRIVAL, f);
  }

  private arrival(f: number): void {
    const now = this.sim.now, st = this.stats, measured = now >= this.warmup;
    this.scheduleArrival(f);
    // At the in-flight limit the run stops before this request is counted, keeping conservation exact.
    if (this.calls.count >= this.calls.limit || this.jobs.count >= this.jobs.limit) { this.overflow(); return; }
    if (measured) {
      st.fArrivals[f]++;
    }
    if (this.net.hasLimit[f] && !this.limits.take(f, now)) {
      if (measured) { st.fRateLimited[f]++; st.featureOutcome(f, now, now, false, false, false); }
      return;
    }
    if (this.controls.shed[this.net.priority[f]]) {
      if (measured) { st.fShed[f]++; st.featureOutcome(f, now, now, false, false, false); }
      return;
    }
    if (this.net.edgePlain[f]) this.directCall(-1, f, f);
    else this.startCall(-1, f, f);
  }

  /**
   * Job `caller` (or the feature's user, -1) calls over plain edge `e`: no policy applies, so the
   * callee's job links straight back to its caller with no call record.
   */
  private directCall(caller: number, f: number, e: number): void {
    const jobs = this.jobs, now = this.sim.now, j = jobs.alloc();
    if (j < 0) { this.overflow(); return; }
    if (now >= this.warmup) this.stats.eAttempts[e]++;
    jobs.service[j] = this.net.edgeTo[e];
    jobs.parent[j] = -1;
    jobs.caller[j] = caller;
    jobs.edge[j] = e;
    jobs.feature[j] = f;
    jobs.nextStep[j] = 0; // `pending` is set by each step and `deliveries` when a message is made: no reset needed
    jobs.flags[j] = DIRECT;
    jobs.arrived[j] = -Infinity;
    jobs.born[j] = now; // the caller's send time: a user's latency is measured from it
    jobs.deadline[j] = caller >= 0 ? jobs.deadline[caller] : Infinity;
    const latency = this.net.edgeLatency[e];
    if (latency === null) this.reach(j);
    else this.sim.schedule(latency(), REACH, j);
  }

  /** A DIRECT job's outcome reaches its caller: a job waiting on its step, or the feature's user. */
  private directReturn(caller: number, e: number, f: number, sent: number, ok: boolean, flags: number): void {
    const now = this.sim.now;
    if (!ok && sent >= this.warmup) this.stats.eFailures[e]++;
    if (caller < 0) {
      this.stats.featureOutcome(f, sent, now, ok, (flags & DEGRADED) !== 0, (flags & STALE) !== 0);
      return;
    }
    this.jobs.flags[caller] |= ok ? flags & (DEGRADED | STALE) : FAILED;
    this.callReturned(caller);
  }

  /** Job `j` (or a user, j = -1) calls over edge `e`. */
  private startCall(j: number, f: number, e: number): void {
    const calls = this.calls, c = calls.alloc();
    if (c < 0) { this.overflow(); return; }
    calls.job[c] = j;
    calls.feature[c] = f;
    calls.edge[c] = e;
    calls.attempts[c] = 0;
    calls.child[c] = -1;
    calls.started[c] = this.sim.now;
    calls.prevDelay[c] = 0;
    if (this.net.hasBudget[e]) this.budgets.onRequest(e);
    this.attempt(c);
  }

  /** Makes the next attempt of call `c`. */
  private attempt(c: number): void {
    const calls = this.calls, e = calls.edge[c], now = this.sim.now, st = this.stats;
    const n = ++calls.attempts[c];
    if (now >= this.warmup) {
      st.eAttempts[e]++;
      if (n > 1) st.eRetries[e]++;
    }
    if (this.net.hasBreaker[e] && !this.breakers.allow(e, now)) {
      // Short-circuited: fail the call at once, no retry (Hystrix: an open breaker is not retried).
      if (now >= this.warmup) st.eShortCircuited[e]++;
      this.callDone(c, false, 0);
      return;
    }
    if (this.edgeInFlight[e] >= this.net.edgeBulkhead[e]) {
      if (this.net.hasBreaker[e]) this.breakers.abandon(e);
      if (now >= this.warmup) st.eBulkheadRejected[e]++;
      this.attemptFailed(c, true);
      return;
    }
    this.edgeInFlight[e]++;
    calls.sent[c] = now;
    const timeout = this.net.edgeTimeout[e];
    const due = now + timeout;
    if (timeout !== Infinity) {
      calls.due[c] = due;
      if (this.timeouts.push(e, c, due) && !this.timeoutPending[e]) {
        this.timeoutPending[e] = 1;
        this.sim.at(due, TIMEOUT, e);
      }
    }
    const cut = this.faults.partition[e];
    if (cut !== OUTAGE_NONE) {
      if (cut === OUTAGE_HANG) {
        // The attempt goes nowhere: a timeout ends it, or the partition healing (connection reset).
        calls.hung[c] = 1;
        this.hungOnEdge[e].push(c);
        return;
      }
      this.attemptDone(c, false, 0);
      return;
    }
    this.sendAttempt(c, e, due);
  }

  private sendAttempt(c: number, e: number, due: number): void {
    const jobs = this.jobs, caller = this.calls.job[c];
    const j = jobs.alloc();
    if (j < 0) { this.overflow(); return; }
    this.calls.child[c] = j;
    jobs.service[j] = this.net.edgeTo[e];
    jobs.parent[j] = c;
    jobs.feature[j] = this.calls.feature[c];
    jobs.nextStep[j] = 0;
    jobs.pending[j] = 0;
    jobs.deliveries[j] = 0;
    jobs.flags[j] = 0;
    jobs.arrived[j] = -Infinity; // in transit until it reaches its service
    jobs.deadline[j] = this.propagate ? Math.min(due, caller >= 0 ? jobs.deadline[caller] : Infinity) : Infinity;
    const latency = this.net.edgeLatency[e];
    if (latency === null) this.reach(j);
    else this.sim.schedule(latency(), REACH, j);
  }

  /** Job `j` reaches its service: a cache may answer; else a free worker takes it, or it waits, or is turned away. */
  private reach(j: number): void {
    const now = this.sim.now, jobs = this.jobs, s = jobs.service[j], st = this.stats, measured = now >= this.warmup;
    jobs.arrived[j] = now;
    if (this.net.hasCache[s] && !(jobs.flags[j] & MESSAGE) && this.cacheAnswers(j, s, measured)) return;
    if (measured) st.sArrivals[s]++;
    if (this.net.messaging[s]) { this.reachConsumer(j, s); return; }
    const down = this.downNow[s];
    if (down === OUTAGE_NONE) this.admit(j, s);
    else if (down === OUTAGE_HANG) this.park(j, s);
    else this.fail(j, s, S_ERRORS);
  }

  /** The cache in front of `s` looks job `j` up: true when a hit answered it. */
  private cacheAnswers(j: number, s: number, measured: boolean): boolean {
    const jobs = this.jobs, st = this.stats;
    jobs.key[j] = this.caches.lookup(s, this.sim.now);
    const hit = this.caches.hit;
    if (measured) { if (hit) st.sHits[s]++; else st.sMisses[s]++; }
    if (hit) { this.answer(j, true); return true; }
    jobs.flags[j] |= CACHE_MISS;
    return false;
  }

  /** Messages wait out a consumer's outage in its backlog: producers see delay, not errors. */
  private reachConsumer(j: number, s: number): void {
    if (this.jobs.flags[j] & MESSAGE) this.admit(j, s);
    else this.enqueueMessage(j, s);
  }

  /** A free worker takes job `j`, or it waits, or the full queue turns it away. */
  private admit(j: number, s: number): void {
    if (this.busy[s] < this.capacity[s] && this.downNow[s] === OUTAGE_NONE) {
      this.stats.busy.set(s, this.sim.now, ++this.busy[s]);
      if (!this.begin(j, s)) this.release(s);
    } else if (this.queues[s].length < this.net.queueCap[s]) {
      this.enqueue(j, s);
    } else {
      this.fail(j, s, S_REJECTED);
    }
  }

  /** A hanging service takes job `j` and does not answer until the outage ends. */
  private park(j: number, s: number): void {
    this.parked[s].push(j);
    if (this.jobs.arrived[j] >= this.warmup) this.stats.sHung[s]++;
  }

  /** A message for consumer service `s`: the producer's call succeeds at once unless the backlog is full. */
  private enqueueMessage(j: number, s: number): void {
    const jobs = this.jobs, producer = jobs.parent[j], now = this.sim.now;
    const room = (this.busy[s] < this.capacity[s] && this.downNow[s] === OUTAGE_NONE) || this.queues[s].length < this.net.queueCap[s];
    if (!room) { this.fail(j, s, S_REJECTED); return; }
    const direct = (jobs.flags[j] & DIRECT) !== 0, caller = jobs.caller[j], e = jobs.edge[j], f = jobs.feature[j], sent = jobs.born[j];
    jobs.parent[j] = -1;
    jobs.flags[j] = MESSAGE;
    jobs.deliveries[j] = 0;
    jobs.born[j] = now;
    jobs.deadline[j] = Infinity; // the producer's deadline ended with its call
    this.admit(j, s);
    if (producer >= 0) this.attemptDone(producer, true, 0);
    else if (direct) this.directReturn(caller, e, f, sent, true, 0);
  }

  /**
   * Turns job `j` away at service `s` before any work: rejected (full queue, not admitted) or an
   * error (an outage that fails fast: admitted, failed, counted under `errors` too).
   */
  fail(j: number, s: number, row: number): void {
    const now = this.sim.now, st = this.stats;
    if (this.jobs.arrived[j] >= this.warmup) {
      if (row === S_REJECTED) st.sRejected[s]++;
      else { st.sErrors[s]++; st.sFailed[s]++; }
    }
    this.answer(j, false);
  }

  private enqueue(j: number, s: number): void {
    const q = this.queues[s];
    q.push(j);
    this.stats.queued.set(s, this.sim.now, q.length);
    if (!this.expirePending[s] && (this.net.maxWait[s] !== Infinity || this.net.retention[s] !== Infinity)) this.scheduleExpiry(s);
  }

  /** When waiting job `j` is dropped from `s`'s queue: at its max wait or, for a message, at the end of its retention. */
  private dropTime(j: number, s: number): number {
    const jobs = this.jobs, wait = jobs.arrived[j] + this.net.maxWait[s];
    return jobs.flags[j] & MESSAGE ? Math.min(wait, jobs.born[j] + this.net.retention[s]) : wait;
  }

  /** One EXPIRE event per service, at the front job's drop time (a redelivered message may already be due: now). */
  private scheduleExpiry(s: number): void {
    const due = this.dropTime(this.queues[s].peek(), s);
    if (due === Infinity) return;
    this.expirePending[s] = 1;
    this.sim.at(Math.max(due, this.sim.now), EXPIRE, s);
  }

  /**
   * A worker (already counted busy) starts job `j`'s own work and returns true — or drops it and
   * returns false when the caller's propagated deadline or the message's retention has passed.
   */
  private begin(j: number, s: number): boolean {
    const jobs = this.jobs, now = this.sim.now, arrived = jobs.arrived[j], st = this.stats;
    if (arrived >= this.warmup) st.wait[s].add(now - arrived);
    const message = (jobs.flags[j] & MESSAGE) !== 0;
    if (message ? jobs.born[j] + this.net.retention[s] <= now : now >= jobs.deadline[j]) {
      if (arrived >= this.warmup) { st.sFailed[s]++; if (message) st.sLost[s]++; else st.sExpired[s]++; }
      if (message) jobs.release(j);
      else this.answer(j, false);
      return false;
    }
    const fx = this.faults;
    this.sim.schedule(this.net.serviceTime[s]() * fx.latencyFactor[s] + fx.latencyAdd[s], WORK_DONE, j);
    return true;
  }

  private workDone(j: number): void {
    const s = this.jobs.service[j], rate = this.faults.errorRate[s];
    if (rate > 0 && this.net.serviceRandom[s]() < rate) this.workFailed(j, s);
    else this.proceed(j);
  }

  /** An injected error ends job `j`'s work at `s`. */
  private workFailed(j: number, s: number): void {
    if (this.jobs.arrived[j] >= this.warmup) this.stats.sErrors[s]++;
    this.complete(j, false);
  }

  /** Job `j` starts its next call step, or answers when none is left. */
  private proceed(j: number): void {
    const jobs = this.jobs, s = jobs.service[j], steps = this.net.steps[s], k = jobs.nextStep[j];
    if (jobs.flags[j] & FAILED) { this.complete(j, false); return; }
    if (k === steps.length - 1) { this.complete(j, true); return; }
    if (this.sim.now >= jobs.deadline[j]) {
      if (jobs.arrived[j] >= this.warmup) this.stats.sExpired[s]++;
      this.complete(j, false);
      return;
    }
    jobs.nextStep[j] = k + 1;
    const from = steps[k], to = steps[k + 1], list = this.net.calls[s], f = jobs.feature[j];
    // One extra count guards against the step finishing while its calls are still being made.
    jobs.pending[j] = to - from + 1;
    const plain = this.net.edgePlain;
    for (let i = from; i < to; i++) {
      const e = list[i];
      if (plain[e]) this.directCall(j, f, e);
      else this.startCall(j, f, e);
    }
    this.callReturned(j);
  }

  private callReturned(j: number): void {
    if (--this.jobs.pending[j] === 0) this.proceed(j);
  }

  /** Job `j` is done at its service (ok, or failed): its worker moves on, and the caller hears. */
  private complete(j: number, ok: boolean): void {
    const jobs = this.jobs, now = this.sim.now, s = jobs.service[j], st = this.stats;
    const arrived = jobs.arrived[j];
    if (ok && this.controls.staleUntil[s] > now) jobs.flags[j] |= STALE;
    if (ok) this.controls.observe(s, now - arrived); // policies watch warmup too
    if (arrived >= this.warmup) {
      if (ok) { st.sCompleted[s]++; st.sojourn[s].add(now - arrived); } else st.sFailed[s]++;
      if (ok && jobs.parent[j] < 0 && !(jobs.flags[j] & (MESSAGE | DIRECT))) st.sWasted[s]++;
    }
    this.release(s);
    this.answer(j, ok);
  }

  /** A worker at `s` is free: it takes waiting jobs (skipping dropped ones) while capacity allows. */
  release(s: number): void {
    const q = this.queues[s], now = this.sim.now, st = this.stats;
    while (q.length > 0 && this.busy[s] <= this.capacity[s] && this.downNow[s] === OUTAGE_NONE) {
      const next = this.net.lifo[s] ? q.pop() : q.shift();
      st.queued.set(s, now, q.length);
      if (this.begin(next, s)) return;
    }
    st.busy.set(s, now, --this.busy[s]);
    if (this.busy[s] >= this.capacity[s]) this.capacityLevel(s);
  }

  /** Starts queued jobs at `s` while workers are free (after capacity grows or an outage ends). */
  fillWorkers(s: number): void {
    const q = this.queues[s], st = this.stats, now = this.sim.now;
    while (q.length > 0 && this.busy[s] < this.capacity[s] && this.downNow[s] === OUTAGE_NONE) {
      const next = this.net.lifo[s] ? q.pop() : q.shift();
      st.queued.set(s, now, q.length);
      st.busy.set(s, now, ++this.busy[s]);
      if (!this.begin(next, s)) st.busy.set(s, now, --this.busy[s]);
    }
  }

  /**
   * Records the worker capacity level: work already running on workers that were lost still
   * counts until it finishes, so utilization never exceeds 1.
   */
  capacityLevel(s: number): void {
    this.stats.capacity.set(s, this.sim.now, Math.max(this.capacity[s], this.busy[s]));
  }

  /** Job `j` has an outcome: it goes to the call waiting for it (if any), and is freed. */
  answer(j: number, ok: boolean): void {
    const jobs = this.jobs, c = jobs.parent[j];
    let flags = jobs.flags[j];
    if (flags & MESSAGE) { this.messageDone(j, ok); return; }
    if (flags & CACHE_MISS) {
      const seen = this.cacheSees(j, ok, flags);
      if (seen >= 0) { ok = true; flags = seen; }
    }
    if (c >= 0) {
      jobs.release(j);
      this.attemptDone(c, ok, flags);
    } else if (flags & DIRECT) {
      const caller = jobs.caller[j], e = jobs.edge[j], f = jobs.feature[j], sent = jobs.born[j];
      jobs.release(j);
      this.directReturn(caller, e, f, sent, ok, flags);
    } else {
      jobs.release(j);
    }
  }

  /**
   * The cache in front of job `j`'s service sees the origin's outcome (errors, rejections and
   * expiries too): a success fills it, a failure may be answered from a stale copy. Returns the
   * flags to answer with when the answer is a success, or -1 when it stays a failure.
   */
  private cacheSees(j: number, ok: boolean, flags: number): number {
    const jobs = this.jobs, s = jobs.service[j], now = this.sim.now;
    if (ok) { this.caches.fill(s, jobs.key[j], now); return flags; }
    if (!this.caches.serveStale(s, jobs.key[j], now)) return -1;
    if (jobs.arrived[j] >= this.warmup) this.stats.sStaleServed[s]++;
    return (flags & ~FAILED) | STALE;
  }

  private messageDone(j: number, ok: boolean): void {
    const jobs = this.jobs, s = jobs.service[j], st = this.stats, now = this.sim.now, measured = jobs.born[j] >= this.warmup;
    if (ok) {
      if (measured) { st.sDelivered[s]++; st.messageDelay[s].add(now - jobs.born[j]); }
    } else if (++jobs.deliveries[j] < this.net.messaging[s]!.maxDeliveries) {
      jobs.arrived[j] = -Infinity;
      jobs.flags[j] = MESSAGE;
      jobs.nextStep[j] = 0;
      this.sim.schedule(this.net.messaging[s]!.redeliveryDelayMs, REDELIVER, j);
      return;
    } else if (measured) {
      st.sDeadLettered[s]++;
    }
    jobs.release(j);
  }

  /** The current attempt of call `c` ended (answered, failed, or timed out). */
  private attemptDone(c: number, ok: boolean, flags: number): void {
    const calls = this.calls, e = calls.edge[c], now = this.sim.now;
    calls.child[c] = -1;
    calls.hung[c] = 0;
    calls.due[c] = NaN;
    this.edgeInFlight[e]--;
    if (this.net.hasBreaker[e]) this.breakers.record(e, now, ok, calls.sent[c]);
    if (ok) {
      if (this.net.hasBudget[e]) this.budgets.onSuccess(e);
      this.callDone(c, true, flags);
    } else {
      this.attemptFailed(c, true);
    }
  }

  /** Partition on edge `e` healed: attempts still hanging in it fail (the connection is reset). */
  partitionHealed(e: number): void {
    const ring = this.hungOnEdge[e], calls = this.calls;
    while (ring.length > 0) {
      const c = ring.shift();
      if (calls.live[c] && calls.hung[c] && calls.edge[c] === e) this.attemptDone(c, false, 0);
    }
  }

  /** An attempt of `c` failed: retry it if attempts, budget and deadline allow, else the call fails. */
  private attemptFailed(c: number, counted: boolean): void {
    const calls = this.calls, e = calls.edge[c], now = this.sim.now, st = this.stats;
    // Counted with the attempt's send time, like its attempt, so warmup is excluded consistently.
    if (counted && calls.sent[c] >= this.warmup) st.eFailures[e]++;
    const n = calls.attempts[c], caller = calls.job[c];
    const late = caller >= 0 && now >= this.jobs.deadline[caller];
    if (n >= this.net.edgeAttempts[e] || late) { this.callDone(c, false, 0); return; }
    if (this.net.hasBudget[e] && !this.budgets.tryRetry(e)) {
      if (now >= this.warmup) st.eBudgetDenied[e]++;
      this.callDone(c, false, 0);
      return;
    }
    const spec = this.net.edgePolicy[e].retry!.backoff;
    const delay = backoffDelay(spec, n, calls.prevDelay[c] || spec.baseMs, this.net.edgeRandom[e]);
    calls.prevDelay[c] = delay;
    if (delay > 0) this.sim.schedule(delay, RETRY, c);
    else this.attempt(c);
  }

  /** Call `c` is over: its caller (a job, or a user) hears the outcome. */
  private callDone(c: number, ok: boolean, flags: number): void {
    const calls = this.calls, j = calls.job[c], e = calls.edge[c];
    const f = calls.feature[c], started = calls.started[c];
    calls.release(c);
    if (j < 0) {
      const degraded = !ok && this.net.edgeOptional[e] === 1;
      this.stats.featureOutcome(f, started, this.sim.now, ok || degraded, degraded || (flags & DEGRADED) !== 0, (flags & STALE) !== 0);
      return;
    }
    const jobs = this.jobs;
    if (ok) jobs.flags[j] |= flags & (DEGRADED | STALE);
    else jobs.flags[j] |= this.net.edgeOptional[e] ? DEGRADED : FAILED;
    this.callReturned(j);
  }

  /** Timeouts due on edge `e`: each still-waiting attempt is abandoned (its callee keeps working). */
  private timeoutsDue(e: number): void {
    const tq = this.timeouts, calls = this.calls, now = this.sim.now, st = this.stats;
    this.timeoutPending[e] = 0;
    for (;;) {
      const due = tq.frontDue(e);
      if (due === Infinity) break;
      const c = tq.front(e);
      // Lazy cancellation: an answered attempt's entry no longer matches its call (ids are recycled,
      // so the edge is checked too). Skipping those here keeps one event per edge, not per attempt.
      if (calls.due[c] !== due || calls.edge[c] !== e) { tq.shift(e); continue; }
      if (due > now) break;
      tq.shift(e);
      const child = calls.child[c];
      if (child >= 0) this.jobs.parent[child] = -1;
      if (calls.sent[c] >= this.warmup) st.eTimeouts[e]++;
      this.attemptDone(c, false, 0);
    }
    const next = tq.frontDue(e);
    if (next !== Infinity && !this.timeoutPending[e]) {
      this.timeoutPending[e] = 1;
      this.sim.at(next, TIMEOUT, e);
    }
  }

  /**
   * Drops waiting jobs at `s` whose max wait or message retention has run out, from the front of
   * the queue (arrival order). A redelivered message can sit behind younger ones; if it runs out
   * there, it is dropped when it reaches the front or a worker, whichever comes first.
   */
  private expire(s: number): void {
    const q = this.queues[s], jobs = this.jobs, now = this.sim.now, st = this.stats;
    this.expirePending[s] = 0;
    while (q.length > 0 && this.dropTime(q.peek(), s) <= now) {
      const j = q.shift();
      st.queued.set(s, now, q.length);
      const message = (jobs.flags[j] & MESSAGE) !== 0;
      if (jobs.arrived[j] >= this.warmup) { st.sFailed[s]++; if (message) st.sLost[s]++; else st.sExpired[s]++; }
      if (message) jobs.release(j); else this.answer(j, false);
    }
    // A dropped job's caller may have retried into this queue already, scheduling an event itself.
    if (q.length > 0 && !this.expirePending[s]) this.scheduleExpiry(s);
  }

  private overflow(): void {
    this.sim.stop(`memory budget: more than ${this.jobs.limit.toLocaleString('en-US')} requests in flight at ` +
      `${(this.sim.now / 1000).toFixed(1)} s; arrivals outpace capacity and a queue is unbounded ` +
      `(bound it with queue: N, add workers or lower the rate)`);
  }
}
