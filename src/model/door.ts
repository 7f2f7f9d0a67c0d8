import type { Simulation } from '../engine/index.js';
import type { CallPool } from './calls.js';
import type { Callers } from './callers.js';
import type { Compiled } from './compile.js';
import type { ControlState } from './controls.js';
import { ARRIVAL } from './events.js';
import { MEASURED, type JobPool } from './jobs.js';
import { R_RATE_LIMITED, R_SHED, causeOf } from './reasons.js';
import { TokenBuckets } from './ratelimit.js';
import type { Stats } from './stats.js';
import { USER, type Users } from './users.js';

/**
 * The users' door: each feature's arrivals (a non-homogeneous Poisson stream drawn by inverting
 * its cumulative rate), and each user request's checks before it becomes a call to the entry
 * service — the feature's rate limit, then the shedding dimmer. Users followed in sessions
 * (users.ts) come through `request` for each of their tries.
 */
export class Door {
  /** The calling side and the users, wired by the model after construction. */
  callers!: Callers;
  users!: Users;
  private readonly limits: TokenBuckets;
  /** Kept current by the control plane: shed at the door, per priority. */
  private readonly shed: Uint8Array;

  constructor(
    private readonly sim: Simulation,
    private readonly net: Compiled,
    private readonly stats: Stats,
    private readonly jobs: JobPool,
    private readonly calls: CallPool,
    state: ControlState,
    private readonly warmup: number,
    private readonly end: number,
    /** Called at the in-flight limit: the model stops the run with a diagnosis. */
    private readonly overflow: () => void,
  ) {
    this.limits = new TokenBuckets(net.rateLimits);
    this.shed = state.shed;
  }

  /** Schedules feature `f`'s next arrival (none after the end of the run). */
  scheduleArrival(f: number): void {
    const t = this.net.curves[f].next(this.sim.now, -Math.log(1 - this.net.arrivalStreams[f]()));
    if (t <= this.end) this.sim.at(t, ARRIVAL, f);
  }

  /** A user of feature `f` arrives: a user with patience or retries of their own begins a session; others send their request. */
  arrival(f: number): void {
    const measured = this.sim.now >= this.warmup ? MEASURED : 0;
    this.scheduleArrival(f);
    if (this.atLimit()) return;
    if (this.net.sessions[f]) this.users.begin(f, measured);
    else this.request(f, USER, measured);
  }

  /**
   * Whether the in-flight limit is reached, in which case the run stops: checked before a user's
   * arrival or own retry is counted, which keeps conservation exact.
   */
  atLimit(): boolean {
    if (this.calls.count < this.calls.limit && this.jobs.count < this.jobs.limit) return false;
    this.overflow();
    return true;
  }

  /**
   * The user `who` (USER, or a session: see users.ts) of feature `f` sends a request: refused at
   * the door (rate limit, shedding), or a call to the entry service.
   */
  request(f: number, who: number, measured: number): void {
    const now = this.sim.now, st = this.stats;
    if (measured) st.fArrivals[f]++;
    if (this.net.hasLimit[f] && !this.limits.take(f, now)) {
      if (measured) st.fRateLimited[f]++;
      this.users.hear(who, f, now, false, 0, causeOf(R_RATE_LIMITED, this.net.edgeTo[f]), measured);
      return;
    }
    if (this.shed[this.net.priority[f]]) {
      if (measured) st.fShed[f]++;
      this.users.hear(who, f, now, false, 0, causeOf(R_SHED, this.net.edgeTo[f]), measured);
      return;
    }
    // Edge f is the users' call to feature f's entry service.
    if (this.net.edgePlain[f]) this.callers.directCall(who, f, f, measured);
    else this.callers.startCall(who, f, f, measured);
  }
}
