import { IntRing, type Simulation } from '../engine/index.js';
import type { Caches } from './cache.js';
import type { Callers } from './callers.js';
import type { Compiled } from './compile.js';
import type { ControlState, ServiceControl } from './controls.js';
import { WORK_DONE } from './events.js';
import { OUTAGE_HANG, OUTAGE_NONE } from './faults.js';
import { CACHE_MISS, DEGRADED, DIRECT, FAILED, MEASURED, MESSAGE, STALE, type JobPool } from './jobs.js';
import type { Expiry } from './expiry.js';
import type { Messaging } from './messaging.js';
import { NO_CAUSE, R_DEADLINE, R_ERROR, R_FAILOVER, R_OUTAGE, R_OUTDATED, R_REJECTED, R_RESET, causeOf } from './reasons.js';
import type { LatencySignals } from './signals.js';
import type { Stats } from './stats.js';
import { ORPHAN } from './users.js';

/**
 * The service side of the request path: a job reaches its service; a cache may answer; a free
 * worker takes it, or it waits in the queue, or is turned away; the worker does its own work
 * and then the service's call steps (calls in one step run in parallel), holding the worker
 * while it waits — so a slow dependency exhausts its callers; then the job answers its caller.
 * Outages, injected errors and latency faults, max wait and propagated deadlines act here.
 */
export class Services implements ServiceControl {
  /** The caller side and the message consumers, wired by the model after construction. */
  callers!: Callers;
  messaging!: Messaging;
  /** Busy workers per service (a worker held by a job waiting on its calls is busy). */
  readonly busy: Int32Array;
  /** Workers able to take work now, per service (instances × workers − lost). */
  readonly capacity: Int32Array;
  readonly queues: IntRing[];
  /** Jobs taken by a hanging service, answered only when the outage ends. */
  readonly parked: IntRing[];
  /** Drops waiting jobs whose max wait or message retention runs out (wired by the model). */
  expiry!: Expiry;
  /** Outage state, answers-stale-until and fault effects per service, kept current by the control plane. */
  private readonly downNow: Uint8Array;
  private readonly staleUntil: Float64Array;
  private readonly errorRate: Float64Array;
  private readonly latencyFactor: Float64Array;
  private readonly latencyAdd: Float64Array;

  constructor(
    private readonly sim: Simulation,
    private readonly net: Compiled,
    private readonly stats: Stats,
    private readonly jobs: JobPool,
    private readonly caches: Caches,
    private readonly signals: LatencySignals,
    state: ControlState,
  ) {
    const S = net.serviceNames.length;
    this.busy = new Int32Array(S);
    this.capacity = Int32Array.from(net.workersPerInstance, (w, s) => w * net.instances[s]);
    this.queues = net.serviceNames.map(() => new IntRing());
    this.parked = net.serviceNames.map(() => new IntRing(1));
    ({ downNow: this.downNow, staleUntil: this.staleUntil } = state);
    ({ errorRate: this.errorRate, latencyFactor: this.latencyFactor, latencyAdd: this.latencyAdd } = state.faults);
  }

  /** Job `j` reaches its service (also the REACH and REDELIVER events). */
  reach(j: number): void {
    const jobs = this.jobs, s = jobs.service[j], measured = (jobs.flags[j] & MEASURED) !== 0;
    jobs.arrived[j] = this.sim.now;
    if (this.net.consumer[s]) { this.messaging.reach(j, s); return; }
    if (this.net.hasCache[s] && this.cacheAnswers(j, s, measured)) return;
    if (measured) this.stats.sArrivals[s]++;
    const down = this.downNow[s];
    if (down === OUTAGE_NONE) this.admit(j, s);
    else if (down === OUTAGE_HANG) this.park(j, s);
    else this.fail(j, s, R_OUTAGE);
  }

  /** The cache in front of `s` looks job `j` up: true when a hit answered it. */
  private cacheAnswers(j: number, s: number, measured: boolean): boolean {
    const jobs = this.jobs, st = this.stats;
    jobs.key[j] = this.caches.lookup(s, this.sim.now);
    const hit = this.caches.hit;
    if (measured) { if (hit) st.sHits[s]++; else st.sMisses[s]++; }
    if (hit && this.caches.outdated) {
      // Served, but with data that changed since it was cached: a stale answer, outdated here.
      if (measured) st.sStaleServed[s]++;
      jobs.flags[j] |= STALE;
      this.answer(j, true, causeOf(R_OUTDATED, s));
      return true;
    }
    if (hit) { this.answer(j, true, NO_CAUSE); return true; }
    jobs.flags[j] |= CACHE_MISS;
    return false;
  }

  /** A free worker takes job `j`, or it waits, or the full queue turns it away. */
  admit(j: number, s: number): void {
    if (this.busy[s] < this.capacity[s] && this.downNow[s] === OUTAGE_NONE) {
      this.stats.busy.set(s, this.sim.now, ++this.busy[s]);
      if (!this.begin(j, s)) this.release(s);
    } else if (this.queues[s].length < this.net.queueCap[s]) {
      this.enqueue(j, s);
    } else {
      this.fail(j, s, R_REJECTED);
    }
  }

  /** Whether `s` could take one more job now: a free worker, or room in its queue. */
  hasRoom(s: number): boolean {
    return (this.busy[s] < this.capacity[s] && this.downNow[s] === OUTAGE_NONE) || this.queues[s].length < this.net.queueCap[s];
  }

  /** A hanging service takes job `j` and does not answer until the outage ends. */
  private park(j: number, s: number): void {
    this.parked[s].push(j);
    if (this.jobs.flags[j] & MEASURED) this.stats.sHung[s]++;
  }

  /**
   * Turns job `j` away at service `s` before any work: rejected (a full queue, not admitted) or
   * an outage that fails fast (admitted, failed, counted under `errors` too).
   */
  private fail(j: number, s: number, reason: number): void {
    const st = this.stats;
    if (this.jobs.flags[j] & MEASURED) {
      if (reason === R_REJECTED) st.sRejected[s]++;
      else { st.sErrors[s]++; st.sFailed[s]++; }
    }
    this.failAt(j, s, causeOf(reason, s));
  }

  /**
   * Job `j` fails at `s` without an answer from its work (turned away, dropped, reset): a p95
   * signal counts it as never answered, and its caller hears `cause`.
   */
  failAt(j: number, s: number, cause: number): void {
    this.signals.observe(s, Infinity);
    this.answer(j, false, cause);
  }

  private enqueue(j: number, s: number): void {
    const q = this.queues[s];
    q.push(j);
    this.stats.queued.set(s, this.sim.now, q.length);
    if (this.net.expires[s]) this.expiry.watch(s);
  }

  /**
   * A worker (already counted busy) starts job `j`'s own work and returns true — or drops it and
   * returns false when the caller's propagated deadline or the message's retention has passed.
   */
  private begin(j: number, s: number): boolean {
    const jobs = this.jobs, now = this.sim.now, flags = jobs.flags[j];
    if (flags & MEASURED) this.stats.wait[s].add(now - jobs.arrived[j]);
    if (flags & MESSAGE ? jobs.born[j] + this.net.retention[s] <= now : now >= jobs.deadline[j]) {
      this.drop(j, s, flags);
      return false;
    }
    this.sim.schedule(this.net.serviceTime[s]() * this.latencyFactor[s] + this.latencyAdd[s], WORK_DONE, j);
    return true;
  }

  /** A worker drops job `j` instead of starting it: its caller's deadline or its message's retention has passed. */
  private drop(j: number, s: number, flags: number): void {
    const st = this.stats, message = (flags & MESSAGE) !== 0;
    if (flags & MEASURED) {
      st.sFailed[s]++;
      if (message) { st.sLost[s]++; st.users.undelivered(this.jobs.feature[j]); } else st.sExpired[s]++;
    }
    if (message) { this.jobs.release(j); return; }
    this.failAt(j, s, causeOf(R_DEADLINE, s));
  }

  /** Job `j`'s own work is done (the WORK_DONE event): an injected error may fail it, else its calls begin. */
  workDone(j: number): void {
    const s = this.jobs.service[j], rate = this.errorRate[s];
    if (rate > 0 && this.net.serviceRandom[s]() < rate) this.workFailed(j, s);
    else this.proceed(j);
  }

  /** An injected error ends job `j`'s work at `s`. */
  private workFailed(j: number, s: number): void {
    if (this.jobs.flags[j] & MEASURED) this.stats.sErrors[s]++;
    this.complete(j, false, causeOf(R_ERROR, s));
  }

  /** Job `j` starts its next call step, or answers when none is left. */
  proceed(j: number): void {
    const jobs = this.jobs, s = jobs.service[j], steps = this.net.steps[s], k = jobs.nextStep[j];
    if (jobs.flags[j] & FAILED) { this.complete(j, false, jobs.cause[j]); return; }
    if (k === steps.length - 1) { this.complete(j, true, NO_CAUSE); return; }
    if (this.sim.now >= jobs.deadline[j]) {
      if (jobs.flags[j] & MEASURED) this.stats.sExpired[s]++;
      this.complete(j, false, causeOf(R_DEADLINE, s));
      return;
    }
    jobs.nextStep[j] = k + 1;
    const from = steps[k], to = steps[k + 1], list = this.net.calls[s], f = jobs.feature[j];
    // One extra count guards against the step finishing while its calls are still being made.
    jobs.pending[j] = to - from + 1;
    const measured = jobs.flags[j] & MEASURED, plain = this.net.edgePlain, callers = this.callers;
    for (let i = from; i < to; i++) {
      const e = list[i];
      if (plain[e]) callers.directCall(j, f, e, measured);
      else callers.startCall(j, f, e, measured);
    }
    this.callReturned(j);
  }

  /** One of job `j`'s calls in its current step is over (see also Callers.heard). */
  private callReturned(j: number): void {
    if (--this.jobs.pending[j] === 0) this.proceed(j);
  }

  /** Job `j` is done at its service (ok, or failed with `cause`): its worker moves on, and the caller hears. */
  private complete(j: number, ok: boolean, cause: number): void {
    const jobs = this.jobs, now = this.sim.now, s = jobs.service[j], st = this.stats, flags = jobs.flags[j];
    const sojourn = now - jobs.arrived[j];
    if (ok && this.staleUntil[s] > now) {
      // A failover's stale window is the origin of the stale answer, unless one was known already.
      if (!(flags & (DEGRADED | STALE))) jobs.cause[j] = causeOf(R_FAILOVER, s);
      jobs.flags[j] |= STALE;
    }
    this.signals.observe(s, ok ? sojourn : Infinity); // policies watch warmup too
    if (flags & MEASURED) {
      if (ok) { st.sCompleted[s]++; st.sojourn[s].add(sojourn); } else st.sFailed[s]++;
      if (ok && this.gaveUp(j, flags)) st.sWasted[s]++;
    }
    this.release(s);
    this.answer(j, ok, ok ? jobs.cause[j] : cause);
  }

  /** Whether nobody waits for job `j`'s answer any more: its caller timed out, or its user gave up. */
  private gaveUp(j: number, flags: number): boolean {
    const jobs = this.jobs, parent = jobs.parent[j];
    if (flags & MESSAGE) return false;
    if (flags & DIRECT) return jobs.caller[j] === ORPHAN;
    return parent < 0 || this.callers.calls.job[parent] === ORPHAN;
  }

  /** A worker at `s` is free: it takes waiting jobs (skipping dropped ones) while capacity allows. */
  private release(s: number): void {
    const q = this.queues[s], now = this.sim.now, st = this.stats;
    while (q.length > 0 && this.busy[s] <= this.capacity[s] && this.downNow[s] === OUTAGE_NONE) {
      const next = this.net.lifo[s] ? q.pop() : q.shift();
      st.queued.set(s, now, q.length);
      if (this.begin(next, s)) return;
    }
    st.busy.set(s, now, --this.busy[s]);
    if (this.busy[s] >= this.capacity[s]) this.capacityLevel(s);
  }

  fillWorkers(s: number): void {
    const q = this.queues[s], st = this.stats, now = this.sim.now;
    while (q.length > 0 && this.busy[s] < this.capacity[s] && this.downNow[s] === OUTAGE_NONE) {
      const next = this.net.lifo[s] ? q.pop() : q.shift();
      st.queued.set(s, now, q.length);
      st.busy.set(s, now, ++this.busy[s]);
      if (!this.begin(next, s)) st.busy.set(s, now, --this.busy[s]);
    }
  }

  setCapacity(s: number, workers: number): void {
    this.capacity[s] = workers;
    this.capacityLevel(s);
    this.fillWorkers(s);
  }

  /**
   * Records the worker capacity level: work already running on workers that were lost still
   * counts until it finishes, so utilization never exceeds 1.
   */
  private capacityLevel(s: number): void {
    this.stats.capacity.set(s, this.sim.now, Math.max(this.capacity[s], this.busy[s]));
  }

  resetParked(s: number): void {
    const parked = this.parked[s], cause = causeOf(R_RESET, s);
    while (parked.length > 0) {
      const j = parked.shift();
      if (this.jobs.flags[j] & MEASURED) this.stats.sFailed[s]++;
      this.failAt(j, s, cause);
    }
  }

  failQueued(s: number): void {
    const q = this.queues[s];
    if (this.net.consumer[s]) return; // messages wait out the outage in the backlog
    while (q.length > 0) {
      const j = q.shift();
      this.stats.queued.set(s, this.sim.now, q.length);
      this.fail(j, s, R_OUTAGE);
    }
  }

  /**
   * Job `j` has an outcome (a failure's `cause`; for a success, why it is degraded, if it is):
   * it goes to the call or caller waiting for it, if any, and the job is freed.
   */
  answer(j: number, ok: boolean, cause: number): void {
    const flags = this.jobs.flags[j];
    if (flags & (MESSAGE | CACHE_MISS)) this.answerOther(j, ok, flags, cause);
    else this.answerPlain(j, ok, cause);
  }

  /** `answer` for a message (its delivery ended) or a job past a cache (which sees the outcome first). */
  private answerOther(j: number, ok: boolean, flags: number, cause: number): void {
    if (flags & MESSAGE) { this.messaging.done(j, ok); return; }
    const seen = this.cacheSees(j, ok, flags);
    if (seen >= 0) this.jobs.flags[j] = seen;
    this.answerPlain(j, ok || seen >= 0, cause);
  }

  /** `answer` without the message and cache cases. */
  private answerPlain(j: number, ok: boolean, cause: number): void {
    const jobs = this.jobs, flags = jobs.flags[j], c = jobs.parent[j];
    if (c >= 0) {
      jobs.release(j);
      this.callers.attemptDone(c, ok, flags, cause);
    } else if (flags & DIRECT) {
      this.callers.directReturn(j, ok, flags, cause);
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
    if (flags & MEASURED) this.stats.sStaleServed[s]++;
    return (flags & ~FAILED) | STALE;
  }
}
