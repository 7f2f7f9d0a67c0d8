import { Timers, type Simulation } from '../engine/index.js';
import type { CallPool } from './calls.js';
import type { Door } from './door.js';
import type { Compiled } from './compile.js';
import { PATIENCE, RETHINK } from './events.js';
import { DEGRADED, STALE, type JobPool } from './jobs.js';
import type { Stats } from './stats.js';
import { R_SLOW, causeOf } from './reasons.js';
import { U_ABANDONED, classOf, type UserStats } from './user-stats.js';

/**
 * Who waits for a user's request, as the caller code a DIRECT job (`caller`) or a user's call
 * record (`job`) holds instead of a job id (those are ≥ 0): USER is a feature's user followed
 * only through the request (no patience, no retries of their own); ORPHAN a request whose user
 * gave up (its work goes on, wasted, and its outcome only names the abandonment's origin);
 * `sessionCaller(s)` the user of session `s`.
 */
export const USER = -1, ORPHAN = -2;
export const sessionCaller = (s: number): number => -3 - s;

const FREE = 0, WAITING = 1, THINKING = 2;

/**
 * A feature's users with patience or retries of their own, one session per intent (one user
 * wanting one thing): each try is a request; the user gives up when the answer takes longer
 * than their patience (the PATIENCE event), and after a bad outcome may think and try again
 * (RETHINK), up to their retry limit. The intent ends as the outcome of its last try.
 *
 * Sessions are structure-of-arrays with a free list, like the job and call pools, so memory
 * follows the users in flight. Patience deadlines are cancellable timers (engine/timers.ts),
 * cancelled when the answer comes, with one PATIENCE event in the event set for the earliest:
 * a far-future event per request would grow the event set by rate × patience and slow every
 * event (measured: +37% run time on the ten-service bench, against +2% this way).
 */
export class Users {
  /** Where each try is sent (wired by the model). */
  door!: Door;
  private feature = new Int32Array(0);
  private tries = new Int32Array(0);
  /** The current try's request: a job id (DIRECT) or a call id, per `isCall`. */
  private handle = new Int32Array(0);
  private isCall = new Uint8Array(0);
  private state = new Uint8Array(0);
  private measured = new Uint8Array(0);
  /** Patience deadlines of the sessions waiting for an answer. */
  private readonly patience = new Timers();
  /** Time of the earliest PATIENCE event pending (Infinity: none): never later than the earliest deadline. */
  private alarmAt = Infinity;
  private freeIds = new Int32Array(0);
  private freeLen = 0;
  private capacity = 0;
  /** Measured sessions live per feature (their intents are in flight). */
  readonly live: Float64Array;

  constructor(
    private readonly sim: Simulation,
    private readonly net: Compiled,
    private readonly stats: Stats,
    private readonly users: UserStats,
    private readonly jobs: JobPool,
    private readonly calls: CallPool,
    private readonly limit: number,
    /** Busy workers and capacity per service now (services.ts), to tell which dependency holds a request up. */
    private readonly load: { busy: Int32Array; capacity: Int32Array },
    /** Stops the run at the in-flight limit: with a reason, or (null) the model's own diagnosis. */
    private readonly overflow: (reason: string | null) => void,
  ) {
    this.live = new Float64Array(net.featureNames.length);
  }

  /**
   * A user of feature `f` with patience or retries of their own arrives with a new intent
   * (measured: MEASURED or 0). Other users are followed only through their request (Callers.request).
   */
  begin(f: number, measured: number): void {
    const s = this.alloc();
    if (s < 0) { this.overflow(this.full()); return; }
    this.feature[s] = f;
    this.tries[s] = 0;
    this.measured[s] = measured;
    if (measured) { this.users.began(f); this.live[f]++; }
    this.tryOnce(s);
  }

  /** Session `s` sends its next request (also the RETHINK event). */
  tryOnce(s: number): void {
    const f = this.feature[s], patience = this.net.patience[f];
    if (this.door.atLimit()) return;
    this.tries[s]++;
    this.state[s] = WAITING;
    this.handle[s] = -1;
    if (patience !== null) this.wait(s, this.sim.now + patience());
    this.door.request(f, sessionCaller(s), this.measured[s]);
  }

  /** The request of the session behind caller code `who` is job (isCall 0) or call `id`. */
  attach(who: number, id: number, isCall: number): void {
    const s = -3 - who;
    this.handle[s] = id;
    this.isCall[s] = isCall;
  }

  /** Session `s`'s user will give up at `due` unless the answer comes first. */
  private wait(s: number, due: number): void {
    this.patience.set(s, due);
    if (due < this.alarmAt) {
      this.alarmAt = due;
      this.sim.at(due, PATIENCE, 0);
    }
  }

  /**
   * The PATIENCE event: every user whose patience has run out gives up, and the next alarm is set.
   * A user gives up only when the answer takes *longer* than their patience: at a deadline the
   * check runs once more at the same time (arg 1), after the events already due then, so an
   * answer arriving exactly at the deadline is heard first.
   */
  patienceDue(final: number): void {
    const timers = this.patience, now = this.sim.now;
    if (timers.next <= now) {
      if (!final) { this.alarmAt = now; this.sim.at(now, PATIENCE, 1); return; }
      while (timers.next <= now) this.giveUp(timers.pop());
    }
    const next = timers.next;
    // An earlier alarm may still be pending (it was set before a sooner deadline came): then it stands.
    if (next !== Infinity && (this.alarmAt <= now || next < this.alarmAt)) {
      this.alarmAt = next;
      this.sim.at(next, PATIENCE, 0);
    } else if (next === Infinity && this.alarmAt <= now) {
      this.alarmAt = Infinity;
    }
  }

  /** Session `s`'s user gives up waiting for the current try's answer. */
  private giveUp(s: number): void {
    const f = this.feature[s], h = this.handle[s], st = this.stats;
    if (this.measured[s]) {
      const origin = causeOf(R_SLOW, this.waitingAt(s));
      st.fAbandoned[f]++;
      st.fAbandonedBy[f * st.causes + origin]++;
      this.users.abandoned(f, origin);
    }
    // The request goes on without its user (its work is wasted), and nobody hears its outcome.
    if (this.isCall[s]) this.calls.job[h] = ORPHAN;
    else this.jobs.caller[h] = ORPHAN;
    this.badOutcome(s, U_ABANDONED, 0);
  }

  /**
   * Where session `s`'s request is held up now: the service its entry job waits on (the callee
   * of the call step it is in; in a step of parallel calls, the busiest of their callees, the
   * likeliest to be the one still out), or the entry service itself while the job is on its way,
   * queued or at its own work, or while the user's call backs off between attempts. One level
   * down only: a job does not know which of its callee's jobs is its own.
   */
  private waitingAt(s: number): number {
    const f = this.feature[s], h = this.handle[s], jobs = this.jobs, net = this.net;
    if (h < 0) return net.edgeTo[f];
    const j = this.isCall[s] ? this.calls.child[h] : h;
    if (j < 0) return net.edgeTo[f];
    const at = jobs.service[j], k = jobs.nextStep[j];
    if (k === 0 || jobs.arrived[j] === -Infinity) return at;
    const steps = net.steps[at], list = net.calls[at];
    let best = net.edgeTo[list[steps[k - 1]]], load = this.busy(best);
    for (let i = steps[k - 1] + 1; i < steps[k]; i++) {
      const to = net.edgeTo[list[i]], l = this.busy(to);
      if (l > load) { best = to; load = l; }
    }
    return best;
  }

  /** Share of service `s`'s workers busy now (1 when it has none). */
  private busy(s: number): number {
    const capacity = this.load.capacity[s];
    return capacity > 0 ? this.load.busy[s] / capacity : 1;
  }

  /**
   * The request of caller `who` (USER, ORPHAN or a session) for feature `f`, sent at `sent`,
   * ended: ok with job flags `flags`, or failed with `cause`. `measured` is the request's flag.
   */
  hear(who: number, f: number, sent: number, ok: boolean, flags: number, cause: number, measured: number): void {
    const now = this.sim.now, latency = now - sent;
    // A request whose user gave up: its origin was noted then, and its work at the entry counts as wasted (services.ts).
    if (who === ORPHAN) return;
    // The common case first: served in full, which ends the intent.
    if (ok && !(flags & (DEGRADED | STALE))) {
      if (measured) { this.stats.featureOutcome(f, sent, now, true, flags, cause); this.users.servedInFull(f, latency); }
      if (who !== USER) this.close(-3 - who);
      return;
    }
    if (measured) {
      this.stats.featureOutcome(f, sent, now, ok, flags, cause);
      this.users.request(f, latency, ok, flags, cause);
    }
    const cls = classOf(ok, flags, cause);
    if (who === USER) { if (measured) this.users.ended(f, cls, latency); return; }
    const s = -3 - who;
    if (ok) this.end(s, cls, latency);
    else { this.patience.cancel(s); this.badOutcome(s, cls, 0); }
  }

  /** Session `s`'s try went badly (class `cls`): its user may think and try again, or the intent ends. */
  private badOutcome(s: number, cls: number, latency: number): void {
    const f = this.feature[s], random = this.net.userRetryRandom[f];
    if (random !== null && this.tries[s] <= this.net.userRetries[f] && random() < this.net.userRetryChance[f]) {
      if (this.tries[s] === 1 && this.measured[s]) this.users.retried(f);
      this.state[s] = THINKING;
      this.sim.schedule(this.net.think[f]!(), RETHINK, s);
      return;
    }
    this.end(s, cls, latency);
  }

  private end(s: number, cls: number, latency: number): void {
    if (this.measured[s]) this.users.ended(this.feature[s], cls, latency);
    this.close(s);
  }

  /** Session `s`'s intent has ended (and was counted): its timer goes, and the session is freed. */
  private close(s: number): void {
    this.patience.cancel(s);
    if (this.measured[s]) this.live[this.feature[s]]--;
    this.state[s] = FREE;
    this.freeIds[this.freeLen++] = s;
  }

  /** Why the session pool is full: users in flight, most of them thinking before trying again, or waiting. */
  private full(): string {
    let thinking = 0;
    for (let s = 0; s < this.capacity; s++) if (this.state[s] === THINKING) thinking++;
    const t = (this.sim.now / 1000).toFixed(1), n = this.limit.toLocaleString('en-US');
    return thinking * 2 > this.limit
      ? `memory budget: more than ${n} users in flight at ${t} s, ${thinking.toLocaleString('en-US')} of them thinking before they try again ` +
        '(shorten users.retry.think, or lower users.retry.max or users.retry.probability)'
      : `memory budget: more than ${n} users in flight at ${t} s, most of them waiting for an answer (add workers or lower the rate)`;
  }

  private alloc(): number {
    if (this.freeLen === 0) {
      if (this.capacity >= this.limit) return -1;
      this.grow(Math.min(Math.max(this.capacity * 2, 256), this.limit));
    }
    return this.freeIds[--this.freeLen];
  }

  private grow(cap: number): void {
    const old = this.capacity;
    const int = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
    const byte = (a: Uint8Array) => { const b = new Uint8Array(cap); b.set(a); return b; };
    this.feature = int(this.feature);
    this.tries = int(this.tries);
    this.handle = int(this.handle);
    this.isCall = byte(this.isCall);
    this.state = byte(this.state);
    this.measured = byte(this.measured);
    const free = new Int32Array(cap);
    free.set(this.freeIds.subarray(0, this.freeLen));
    for (let s = cap - 1; s >= old; s--) free[this.freeLen++] = s;
    this.freeIds = free;
    this.capacity = cap;
  }
}
