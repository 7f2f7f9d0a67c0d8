import type { Simulation } from '../engine/index.js';
import type { Compiled } from './compile.js';
import { EXPIRE } from './events.js';
import { MEASURED, MESSAGE, type JobPool } from './jobs.js';
import { R_EXPIRED, causeOf } from './reasons.js';
import type { Services } from './services.js';
import type { Stats } from './stats.js';

/**
 * Waiting jobs dropped from a queue when they have waited longer than the service's maxWait, or,
 * for a message, when its retention runs out. Each service with either keeps at most one EXPIRE
 * event pending, at its front job's drop time: queues are in arrival order, so the front job is
 * due first (a redelivered message can sit behind younger ones; if it runs out there, it is
 * dropped when it reaches the front or a worker, whichever comes first).
 */
export class Expiry {
  /** Per service: 1 while an EXPIRE event is pending for its queue. */
  private readonly pending: Uint8Array;

  constructor(
    private readonly sim: Simulation,
    private readonly net: Compiled,
    private readonly stats: Stats,
    private readonly jobs: JobPool,
    private readonly services: Services,
  ) {
    this.pending = new Uint8Array(net.serviceNames.length);
  }

  /** A job joined the queue of `s` (a service with maxWait or retention): an EXPIRE event is due for its front. */
  watch(s: number): void {
    if (!this.pending[s]) this.schedule(s);
  }

  /** When waiting job `j` is dropped from `s`'s queue: at its max wait or, for a message, at the end of its retention. */
  private dropTime(j: number, s: number): number {
    const jobs = this.jobs, wait = jobs.arrived[j] + this.net.maxWait[s];
    return jobs.flags[j] & MESSAGE ? Math.min(wait, jobs.born[j] + this.net.retention[s]) : wait;
  }

  /** One EXPIRE event per service, at the front job's drop time (a redelivered message may already be due: now). */
  private schedule(s: number): void {
    const due = this.dropTime(this.services.queues[s].peek(), s);
    if (due === Infinity) return;
    this.pending[s] = 1;
    this.sim.at(Math.max(due, this.sim.now), EXPIRE, s);
  }

  /** The EXPIRE event: drops the waiting jobs at `s` whose time has run out, from the front of the queue. */
  expire(s: number): void {
    const q = this.services.queues[s], jobs = this.jobs, now = this.sim.now, st = this.stats, cause = causeOf(R_EXPIRED, s);
    this.pending[s] = 0;
    while (q.length > 0 && this.dropTime(q.peek(), s) <= now) {
      const j = q.shift();
      st.queued.set(s, now, q.length);
      const message = (jobs.flags[j] & MESSAGE) !== 0;
      if (jobs.flags[j] & MEASURED) {
        st.sFailed[s]++;
        if (message) { st.sLost[s]++; st.users.undelivered(jobs.feature[j]); } else st.sExpired[s]++;
      }
      if (message) jobs.release(j);
      else this.services.failAt(j, s, cause);
    }
    // A dropped job's caller may have retried into this queue already, scheduling an event itself.
    if (q.length > 0 && !this.pending[s]) this.schedule(s);
  }
}
