import type { Simulation } from '../engine/index.js';
import type { Breakers } from './breaker.js';
import { CallPool, HungAttempts } from './calls.js';
import type { Compiled } from './compile.js';
import type { ControlState, EdgeControl } from './controls.js';
import { REACH, RETRY, TIMEOUT } from './events.js';
import { OUTAGE_HANG, OUTAGE_NONE } from './faults.js';
import { DEGRADED, DIRECT, FAILED, MEASURED, STALE, type JobPool } from './jobs.js';
import {
  NO_CAUSE, R_BULKHEAD, R_PARTITION, R_SHORT_CIRCUIT, R_TIMEOUT, causeOf,
} from './reasons.js';
import { RetryBudgets, backoffDelay } from './retry.js';
import type { Services } from './services.js';
import type { Stats } from './stats.js';
import { TimeoutQueues } from './timeouts.js';
import { USER, type Users } from './users.js';

/**
 * The caller side of the request path: every call a user (through the door, door.ts) or a service
 * makes — its attempts, timeouts, retries with backoff and budget, breaker and bulkhead — until
 * the caller hears the outcome. The callee's side (queues, workers) is services.ts.
 *
 * A call over a plain edge (no policy, no partition) needs no call record: the callee's job is
 * marked DIRECT and links straight back to its caller (`directCall` / `directReturn`).
 */
export class Callers implements EdgeControl {
  /** The service side and the users, wired by the model after construction (they call each other). */
  services!: Services;
  users!: Users;
  /** Attempts in flight per edge (for bulkheads). */
  private readonly inFlight: Float64Array;
  private readonly timeouts: TimeoutQueues;
  /** Per edge: 1 while a TIMEOUT event is pending for its oldest timeout. */
  private readonly timeoutPending: Uint8Array;
  readonly hung: HungAttempts;
  private readonly budgets: RetryBudgets;
  /** Kept current by the control plane: partitions per edge. */
  private readonly partition: Uint8Array;

  constructor(
    private readonly sim: Simulation,
    private readonly net: Compiled,
    private readonly stats: Stats,
    private readonly jobs: JobPool,
    readonly calls: CallPool,
    private readonly breakers: Breakers,
    state: ControlState,
    private readonly propagate: boolean,
    /** Called when a pool is full: the model stops the run with a diagnosis. */
    private readonly overflow: () => void,
  ) {
    const E = net.edgeNames.length;
    this.inFlight = new Float64Array(E);
    this.timeouts = new TimeoutQueues(E);
    this.timeoutPending = new Uint8Array(E);
    this.hung = new HungAttempts(calls, E);
    this.budgets = new RetryBudgets(net.edgePolicy.map((p) => p.retry?.budget));
    this.partition = state.faults.partition;
  }

  /**
   * Job `caller` (or the feature's user: a negative caller code, see users.ts) calls over plain
   * edge `e`: no policy applies, so the callee's job links straight back to its caller with no
   * call record.
   */
  directCall(caller: number, f: number, e: number, measured: number): void {
    const jobs = this.jobs, now = this.sim.now, j = jobs.alloc();
    if (j < 0) { this.overflow(); return; }
    if (caller < USER) this.users.attach(caller, j, 0);
    if (measured) this.stats.eAttempts[e]++;
    jobs.service[j] = this.net.edgeTo[e];
    jobs.parent[j] = -1;
    jobs.caller[j] = caller;
    jobs.edge[j] = e;
    jobs.feature[j] = f;
    // `pending` is set by each step, `deliveries` when a message is made, and `cause` with the
    // FAILED or DEGRADED flag (it is read only under one of them): no reset needed.
    jobs.nextStep[j] = 0;
    jobs.flags[j] = DIRECT | measured;
    jobs.arrived[j] = -Infinity;
    jobs.born[j] = now; // the caller's send time: a user's latency is measured from it
    jobs.deadline[j] = caller >= 0 ? jobs.deadline[caller] : Infinity;
    const latency = this.net.edgeLatency[e];
    if (latency === null) this.services.reach(j);
    else this.sim.schedule(latency(), REACH, j);
  }

  /** DIRECT job `j` has an outcome: it is freed, and its caller (a job waiting on its step, or the user) hears. */
  directReturn(j: number, ok: boolean, flags: number, cause: number): void {
    const jobs = this.jobs, caller = jobs.caller[j], measured = flags & MEASURED;
    if (!ok && measured) this.stats.eFailures[jobs.edge[j]]++;
    if (caller >= 0) {
      jobs.release(j);
      this.heard(caller, ok, flags, cause, false);
      return;
    }
    const f = jobs.feature[j], sent = jobs.born[j];
    jobs.release(j);
    this.users.hear(caller, f, sent, ok, flags, cause, measured);
  }

  /**
   * A producer's call over a plain edge was accepted as a message (the job carries on as the
   * message): its caller, job `caller` or the user of feature `f` who sent it at `sent`, hears a success.
   */
  producerHeard(caller: number, f: number, sent: number, measured: number): void {
    if (caller >= 0) this.heard(caller, true, 0, NO_CAUSE, false);
    else this.users.hear(caller, f, sent, true, 0, NO_CAUSE, measured);
  }

  /** Job `j` (or a user: a negative caller code) calls over edge `e`, which has a policy or may be cut. */
  startCall(j: number, f: number, e: number, measured: number): void {
    const calls = this.calls, c = calls.alloc();
    if (c < 0) { this.overflow(); return; }
    if (j < USER) this.users.attach(j, c, 1);
    calls.job[c] = j;
    calls.feature[c] = f;
    calls.edge[c] = e;
    calls.attempts[c] = 0;
    calls.child[c] = -1;
    calls.started[c] = this.sim.now;
    calls.prevDelay[c] = 0;
    calls.measured[c] = measured;
    if (this.net.hasBudget[e]) this.budgets.onRequest(e);
    this.attempt(c);
  }

  /** Makes the next attempt of call `c` (also the RETRY event). */
  attempt(c: number): void {
    const calls = this.calls, e = calls.edge[c], now = this.sim.now, st = this.stats, measured = calls.measured[c] !== 0;
    const n = ++calls.attempts[c];
    if (measured) {
      st.eAttempts[e]++;
      if (n > 1) st.eRetries[e]++;
    }
    if (this.net.hasBreaker[e] && !this.breakers.allow(e, now)) {
      // Short-circuited: fail the call at once, no retry (Hystrix: an open breaker is not retried).
      if (measured) st.eShortCircuited[e]++;
      this.callDone(c, false, 0, causeOf(R_SHORT_CIRCUIT, this.net.edgeTo[e]));
      return;
    }
    if (this.inFlight[e] >= this.net.edgeBulkhead[e]) {
      if (this.net.hasBreaker[e]) this.breakers.abandon(e);
      if (measured) st.eBulkheadRejected[e]++;
      this.attemptFailed(c, causeOf(R_BULKHEAD, this.net.edgeTo[e]));
      return;
    }
    this.inFlight[e]++;
    calls.sent[c] = now;
    const timeout = this.net.edgeTimeout[e], due = now + timeout;
    if (timeout !== Infinity) {
      calls.due[c] = due;
      if (this.timeouts.push(e, c, due) && !this.timeoutPending[e]) {
        this.timeoutPending[e] = 1;
        this.sim.at(due, TIMEOUT, e);
      }
    }
    const cut = this.partition[e];
    if (cut === OUTAGE_NONE) this.sendAttempt(c, e, due);
    else if (cut === OUTAGE_HANG) this.hung.add(e, c); // goes nowhere: a timeout ends it, or the partition healing
    else this.attemptDone(c, false, 0, causeOf(R_PARTITION, this.net.edgeTo[e]));
  }

  private sendAttempt(c: number, e: number, due: number): void {
    const jobs = this.jobs, calls = this.calls, caller = calls.job[c], j = jobs.alloc();
    if (j < 0) { this.overflow(); return; }
    calls.child[c] = j;
    jobs.service[j] = this.net.edgeTo[e];
    jobs.parent[j] = c;
    jobs.feature[j] = calls.feature[c];
    jobs.nextStep[j] = 0;
    jobs.pending[j] = 0;
    jobs.deliveries[j] = 0;
    jobs.flags[j] = calls.measured[c];
    jobs.arrived[j] = -Infinity; // in transit until it reaches its service
    jobs.deadline[j] = this.propagate ? Math.min(due, caller >= 0 ? jobs.deadline[caller] : Infinity) : Infinity;
    const latency = this.net.edgeLatency[e];
    if (latency === null) this.services.reach(j);
    else this.sim.schedule(latency(), REACH, j);
  }

  /** The current attempt of call `c` ended: answered (`flags`), or failed (`cause`), or timed out. */
  attemptDone(c: number, ok: boolean, flags: number, cause: number): void {
    const calls = this.calls, e = calls.edge[c];
    calls.child[c] = -1;
    if (calls.hung[c]) this.hung.remove(e, c);
    calls.due[c] = NaN;
    this.inFlight[e]--;
    if (this.net.hasBreaker[e]) this.breakers.record(e, this.sim.now, ok, calls.sent[c]);
    if (ok) {
      if (this.net.hasBudget[e]) this.budgets.onSuccess(e);
      this.callDone(c, true, flags, cause);
    } else {
      this.attemptFailed(c, cause);
    }
  }

  /** Partition on edge `e` healed: attempts still hanging in it fail (the connection is reset). */
  healPartition(e: number): void {
    const cause = causeOf(R_PARTITION, this.net.edgeTo[e]);
    // Each attemptDone unlinks its call; a retry it makes goes out on the healed edge, so the list only shrinks.
    for (let c = this.hung.first(e); c >= 0; c = this.hung.first(e)) this.attemptDone(c, false, 0, cause);
  }

  /** An attempt of `c` failed (`cause`): retry it if attempts, budget and deadline allow, else the call fails. */
  private attemptFailed(c: number, cause: number): void {
    const calls = this.calls, e = calls.edge[c], st = this.stats, measured = calls.measured[c] !== 0;
    if (measured) st.eFailures[e]++;
    const n = calls.attempts[c], caller = calls.job[c];
    const late = caller >= 0 && this.sim.now >= this.jobs.deadline[caller];
    if (n >= this.net.edgeAttempts[e] || late) { this.callDone(c, false, 0, cause); return; }
    if (this.net.hasBudget[e] && !this.budgets.tryRetry(e)) {
      if (measured) st.eBudgetDenied[e]++;
      this.callDone(c, false, 0, cause);
      return;
    }
    const spec = this.net.edgePolicy[e].retry!.backoff;
    const delay = backoffDelay(spec, n, calls.prevDelay[c] || spec.baseMs, this.net.edgeRandom[e]);
    calls.prevDelay[c] = delay;
    if (delay > 0) this.sim.schedule(delay, RETRY, c);
    else this.attempt(c);
  }

  /** Call `c` is over: its caller (a job, or a user) hears the outcome. */
  private callDone(c: number, ok: boolean, flags: number, cause: number): void {
    const calls = this.calls, j = calls.job[c];
    if (j < 0) { this.userHeard(c, ok, flags, cause); return; }
    const optional = this.net.edgeOptional[calls.edge[c]] === 1;
    calls.release(c);
    this.heard(j, ok, flags, cause, optional);
  }

  /** The user's call `c` is over: its user hears the outcome. */
  private userHeard(c: number, ok: boolean, flags: number, cause: number): void {
    const calls = this.calls, f = calls.feature[c], started = calls.started[c], measured = calls.measured[c];
    const optional = this.net.edgeOptional[calls.edge[c]] === 1, who = calls.job[c];
    calls.release(c);
    // A user's optional call that failed leaves a degraded answer (the fallback stands in).
    if (ok || !optional) this.users.hear(who, f, started, ok, flags, cause, measured);
    else this.users.hear(who, f, started, true, flags | DEGRADED, cause, measured);
  }

  /**
   * Job `j` hears one of its calls: a success passes on degraded and stale answers; a failure
   * fails the job, or degrades it when the call is optional. The job keeps the cause of the
   * first failure, or else of the first degradation. When the step's last call is in, the job
   * goes on.
   */
  private heard(j: number, ok: boolean, flags: number, cause: number, optional: boolean): void {
    const bits = ok ? flags & (DEGRADED | STALE) : optional ? DEGRADED : FAILED;
    if (bits !== 0) this.mark(j, bits, cause);
    if (--this.jobs.pending[j] === 0) this.services.proceed(j);
  }

  /**
   * Sets flag `bits` on job `j`, keeping the cause of its first failure, or else of its first
   * degradation, or else of its first stale answer.
   */
  private mark(j: number, bits: number, cause: number): void {
    const jobs = this.jobs, was = jobs.flags[j];
    const first = bits & FAILED ? !(was & FAILED) : bits & DEGRADED ? !(was & (FAILED | DEGRADED)) : !(was & (FAILED | DEGRADED | STALE));
    if (first) jobs.cause[j] = cause;
    jobs.flags[j] = was | bits;
  }

  /** Timeouts due on edge `e`: each still-waiting attempt is abandoned (its callee keeps working). */
  timeoutsDue(e: number): void {
    const tq = this.timeouts, calls = this.calls, now = this.sim.now;
    const cause = causeOf(R_TIMEOUT, this.net.edgeTo[e]), lost = causeOf(R_PARTITION, this.net.edgeTo[e]);
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
      if (calls.measured[c]) this.stats.eTimeouts[e]++;
      // An attempt lost in a partition timed out because of the partition, not the callee.
      this.attemptDone(c, false, 0, calls.hung[c] ? lost : cause);
    }
    const next = tq.frontDue(e);
    if (next !== Infinity && !this.timeoutPending[e]) {
      this.timeoutPending[e] = 1;
      this.sim.at(next, TIMEOUT, e);
    }
  }
}
