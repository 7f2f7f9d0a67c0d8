import type { Simulation } from '../engine/index.js';
import type { Callers } from './callers.js';
import type { Compiled } from './compile.js';
import { REDELIVER } from './events.js';
import { DIRECT, MEASURED, MESSAGE, type JobPool } from './jobs.js';
import { NO_CAUSE, R_REJECTED, causeOf } from './reasons.js';
import type { Services } from './services.js';
import type { Stats } from './stats.js';

/**
 * Message consumers: a call to a service with `messages:` enqueues a message and succeeds at
 * once (unless the backlog is full), so the producer never waits; the consumer's workers take
 * messages from the backlog like any job. A message that fails is delivered again after a delay,
 * up to maxDeliveries, then dead-lettered; one older than its retention is lost. Messages wait
 * out the consumer's outages in the backlog: producers see delay, not errors.
 *
 * A message is measured when it is enqueued after warmup, whatever its producer's request; a
 * producer's call the full backlog turns away counts as its user's request does.
 */
export class Messaging {
  constructor(
    private readonly sim: Simulation,
    private readonly net: Compiled,
    private readonly stats: Stats,
    private readonly jobs: JobPool,
    private readonly services: Services,
    private readonly callers: Callers,
    private readonly warmup: number,
  ) {}

  /** Job `j` reaches consumer `s`: a producer's call becomes a message; a redelivered message is admitted again. */
  reach(j: number, s: number): void {
    if (!(this.jobs.flags[j] & MESSAGE)) { this.enqueue(j, s); return; }
    if (this.jobs.flags[j] & MEASURED) this.stats.sArrivals[s]++;
    this.services.admit(j, s);
  }

  /** A producer's call `j` at consumer `s`: it succeeds at once unless the backlog is full. */
  private enqueue(j: number, s: number): void {
    const jobs = this.jobs, st = this.stats, now = this.sim.now;
    if (!this.services.hasRoom(s)) {
      // Turned away, the job is still the producer's request: it counts as its user does.
      if (jobs.flags[j] & MEASURED) { st.sArrivals[s]++; st.sRejected[s]++; }
      this.services.failAt(j, s, causeOf(R_REJECTED, s));
      return;
    }
    const measured = now >= this.warmup;
    if (measured) st.sArrivals[s]++;
    const flags = jobs.flags[j], producer = jobs.parent[j];
    const caller = jobs.caller[j], f = jobs.feature[j], sent = jobs.born[j];
    jobs.parent[j] = -1;
    jobs.flags[j] = measured ? MESSAGE | MEASURED : MESSAGE;
    jobs.deliveries[j] = 0;
    jobs.born[j] = now;
    jobs.deadline[j] = Infinity; // the producer's deadline ended with its call
    this.services.admit(j, s);
    if (producer >= 0) this.callers.attemptDone(producer, true, 0, NO_CAUSE);
    else if (flags & DIRECT) this.callers.producerHeard(caller, f, sent, flags & MEASURED);
  }

  /** Message `j`'s delivery ended: delivered, or delivered again later, or dead-lettered. */
  done(j: number, ok: boolean): void {
    const jobs = this.jobs, s = jobs.service[j], st = this.stats, measured = jobs.flags[j] & MEASURED;
    const spec = this.net.messaging[s]!;
    if (ok) {
      if (measured) {
        const delay = this.sim.now - jobs.born[j];
        st.sDelivered[s]++;
        st.messageDelay[s].add(delay);
        st.users.delivered(jobs.feature[j], delay);
      }
    } else if (++jobs.deliveries[j] < spec.maxDeliveries) {
      jobs.arrived[j] = -Infinity;
      jobs.flags[j] = MESSAGE | measured;
      jobs.nextStep[j] = 0;
      this.sim.schedule(spec.redeliveryDelayMs, REDELIVER, j);
      return;
    } else if (measured) {
      st.sDeadLettered[s]++;
      st.users.undelivered(jobs.feature[j]);
    }
    jobs.release(j);
  }
}
