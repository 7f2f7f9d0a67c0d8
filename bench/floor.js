// The measurement floor: the hand-written M/M/1 loop of baseline.js, plus the recorders brownout
// fills for its report — a latency histogram for the feature, wait and sojourn histograms for the
// service (brownout's own LogHistogram, for their quantiles) and time integrals of busy workers
// and queue length (brownout's Levels). Nothing else of brownout: no scenario, no model, no
// series, no JSON.
//
// Its time over the bare loop's is the price of measuring alone, which any design that reports
// what brownout reports must pay. It is a separate copy of the loop rather than the same loop with
// optional recorders, so the bare baseline keeps no extra branches or call sites.
import seedrandom from 'seedrandom';
import { LogHistogram } from '../dist/metrics/histogram.js';
import { Levels } from '../dist/metrics/levels.js';
import { Fifo, Heap } from './baseline.js';

const ARRIVAL = 0, DEPARTURE = 1;

/** As mm1Baseline(p), recording every value brownout's report needs; returns the same figures. */
export function mm1Floor(p) {
  const { ratePerMs, meanServiceMs, durationMs, seed } = p;
  const arrivalRng = seedrandom.alea(`${seed}/arrivals:${p.feature ?? 'lookup'}`);
  const serviceRng = seedrandom.alea(`${seed}/service:${p.service ?? 'api'}`);
  const meanInterarrival = 1 / ratePerMs;
  const heap = new Heap(), queue = new Fifo();
  const latency = new LogHistogram(), wait = new LogHistogram(), sojourn = new LogHistogram();
  const busy = new Levels(1), queued = new Levels(1);
  let now = 0, events = 0, arrivals = 0;

  heap.push(-meanInterarrival * Math.log(1 - arrivalRng()), ARRIVAL, 0);
  while (heap.length > 0) {
    const t = heap.time[0];
    if (t > durationMs) break;
    const k0 = heap.key[0], kind = k0 - 2 * Math.floor(k0 * 0.5), arg = heap.arg[0];
    heap.pop();
    now = t;
    events++;
    if (kind === ARRIVAL) {
      heap.push(now - meanInterarrival * Math.log(1 - arrivalRng()), ARRIVAL, 0);
      arrivals++;
      if (busy.level[0] === 0) {
        busy.set(0, now, 1);
        wait.add(0);
        heap.push(now - meanServiceMs * Math.log(1 - serviceRng()), DEPARTURE, now);
      } else {
        queue.push(now);
        queued.set(0, now, queue.length);
      }
    } else {
      sojourn.add(now - arg);
      latency.add(now - arg);
      if (queue.length > 0) {
        const arrived = queue.shift();
        queued.set(0, now, queue.length);
        wait.add(now - arrived);
        heap.push(now - meanServiceMs * Math.log(1 - serviceRng()), DEPARTURE, arrived);
      } else {
        busy.set(0, now, 0);
      }
    }
  }
  busy.flush(durationMs);
  queued.flush(durationMs);
  return {
    events, arrivals, completed: sojourn.count, meanWaitMs: wait.mean, meanSojournMs: sojourn.mean,
    p99LatencyMs: latency.quantile(0.99), utilization: busy.area[0] / durationMs, meanQueueLength: queued.area[0] / durationMs,
  };
}
