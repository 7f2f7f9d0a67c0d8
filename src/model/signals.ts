import { LogHistogram } from '../metrics/histogram.js';
import type { JobPool } from './jobs.js';

/**
 * The latency a p95 dimmer watches at a service: what its callers saw over the last policy
 * tick. A request that left the service counts its time there (arrival to answer); a failure
 * counts as never answered (Infinity: it did not get a good answer at any latency); a request
 * still there when the tick ends counts its age so far (it will take at least that long). So a
 * service that stalls or fails reads as slow, not as idle: with only successes observed, a hung
 * service would read 0 and switch shedding off exactly when it is needed.
 *
 * Only watched services keep a histogram; the request path pays one array read elsewhere. The
 * ages come from one scan of the job pool per watched service and tick: about 2 µs per thousand
 * job slots, so a run whose pool once grew to a million slots pays some 2 ms a second from then on.
 */
export class LatencySignals {
  private readonly tick: (LogHistogram | undefined)[];

  /** `watched[s]` is true for each service a p95 dimmer watches. */
  constructor(private readonly jobs: JobPool, watched: boolean[]) {
    this.tick = watched.map((w) => (w ? new LogHistogram() : undefined));
  }

  /** Whether a p95 dimmer watches service `s`. */
  watches(s: number): boolean {
    return this.tick[s] !== undefined;
  }

  /** A request answered by service `s` after `ms` there (Infinity when it failed). */
  observe(s: number, ms: number): void {
    this.tick[s]?.add(ms);
  }

  /**
   * The 95th percentile over the tick ending `now` at watched service `s`, counting the ages of
   * the requests still there; then starts the next tick. 0 when nothing arrived and nothing left.
   */
  p95(s: number, now: number): number {
    const h = this.tick[s]!, jobs = this.jobs;
    for (let j = 0; j < jobs.size; j++) {
      // A job in transit or a message waiting for redelivery has arrived = -Infinity: not there.
      if (jobs.live[j] && jobs.service[j] === s && jobs.arrived[j] > -Infinity) h.add(now - jobs.arrived[j]);
    }
    const p95 = h.quantile(0.95);
    h.reset();
    return p95;
  }
}
