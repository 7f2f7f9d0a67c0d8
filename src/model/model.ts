import { IntRing, Simulation, type Handler } from '../engine/index.js';
import type { Compiled } from './compile.js';
import { JobPool } from './jobs.js';
import { F_ARRIVALS, F_ROWS, Stats } from './stats.js';

/** Event kinds. */
const ARRIVAL = 0, WORK_DONE = 1, CALL_ARRIVE = 2, WARMUP = 3, TICK = 4;

/**
 * Features send requests to services; a service has `workers` parallel workers and a FIFO
 * waiting room of `queueCap`. After its own work a request makes its service's calls in order,
 * synchronously: the worker stays held while it waits, so a slow dependency exhausts its callers.
 * A rejection anywhere fails the request back to the user.
 *
 * This is the orchestrator: it owns the event switch and the request life cycle; state lives in
 * structure-of-arrays (JobPool, typed arrays per service) and measurements in Stats.
 */
export class Model implements Handler {
  readonly sim = new Simulation();
  readonly jobs: JobPool;
  readonly stats: Stats;
  readonly busy: Int32Array;
  readonly queues: IntRing[];

  constructor(readonly net: Compiled, readonly warmup: number, readonly end: number, maxInFlight: number) {
    this.jobs = new JobPool(maxInFlight);
    this.stats = new Stats(net.featureNames.length, net.serviceNames.length, warmup, end);
    this.busy = new Int32Array(net.serviceNames.length);
    this.queues = net.serviceNames.map(() => new IntRing());
  }

  /** Schedules the first arrivals, the start of measurement and the series ticks. */
  start(): void {
    const sim = this.sim;
    for (let f = 0; f < this.net.interarrival.length; f++) sim.schedule(this.net.interarrival[f](), ARRIVAL, f);
    if (this.warmup > 0) sim.at(this.warmup, WARMUP, 0);
    else this.stats.startMeasuring(0);
    const series = this.stats.levels;
    for (let b = 1; b < series.buckets; b++) sim.at(series.start + b * series.width, TICK, b - 1);
  }

  handle(kind: number, arg: number): void {
    switch (kind) {
      case ARRIVAL: this.arrival(arg); break;
      case WORK_DONE: this.proceed(arg); break;
      case CALL_ARRIVE: this.reach(arg); break;
      case WARMUP: this.stats.startMeasuring(this.sim.now); break;
      case TICK: this.stats.closeBucket(arg, this.sim.now); break;
    }
  }

  /** Closes the last series bucket at the time the run ended. */
  finish(): void {
    this.stats.closeBucket(this.stats.levels.buckets - 1, this.sim.now);
  }

  private arrival(f: number): void {
    const sim = this.sim;
    sim.schedule(this.net.interarrival[f](), ARRIVAL, f);
    const j = this.newJob(this.net.entry[f], -1, f, -1);
    if (j < 0) return;
    if (sim.now >= this.warmup) {
      this.stats.fArrivals[f]++;
      this.stats.events.add(f * F_ROWS + F_ARRIVALS, sim.now, 1);
    }
    this.reach(j);
  }

  private newJob(service: number, parent: number, feature: number, edge: number): number {
    const jobs = this.jobs;
    const j = jobs.alloc();
    if (j < 0) {
      this.sim.stop(`memory budget: more than ${jobs.limit.toLocaleString('en-US')} requests in flight at ` +
        `${(this.sim.now / 1000).toFixed(1)} s; arrivals outpace capacity and a queue is unbounded ` +
        `(bound it with queue: N, add workers or lower the rate)`);
      return -1;
    }
    jobs.service[j] = service;
    jobs.parent[j] = parent;
    jobs.feature[j] = feature;
    jobs.edge[j] = edge;
    jobs.nextCall[j] = 0;
    jobs.arrived[j] = -Infinity; // in transit until it reaches its service
    return j;
  }

  /** Job `j` reaches its service: a free worker takes it, or it waits, or it is turned away. */
  private reach(j: number): void {
    const now = this.sim.now, s = this.jobs.service[j], stats = this.stats;
    this.jobs.arrived[j] = now;
    if (now >= this.warmup) stats.sArrivals[s]++;
    if (this.busy[s] < this.net.workers[s]) {
      stats.busy.set(s, now, ++this.busy[s]);
      this.begin(j, s, now);
    } else {
      const q = this.queues[s];
      if (q.length < this.net.queueCap[s]) {
        q.push(j);
        stats.queued.set(s, now, q.length);
      } else {
        if (now >= this.warmup) {
          stats.sRejected[s]++;
          stats.levels.add(s * 3 + 2, now, 1);
        }
        this.answer(j, false);
      }
    }
  }

  /** A worker (already counted busy) starts job `j`'s own work. */
  private begin(j: number, s: number, now: number): void {
    const arrived = this.jobs.arrived[j];
    if (arrived >= this.warmup) this.stats.wait[s].add(now - arrived);
    this.sim.schedule(this.net.serviceTime[s](), WORK_DONE, j);
  }

  /** Job `j` makes its next call, or answers when none is left. */
  private proceed(j: number): void {
    const jobs = this.jobs, calls = this.net.calls[jobs.service[j]], k = jobs.nextCall[j];
    if (k === calls.length) {
      this.complete(j, true);
      return;
    }
    jobs.nextCall[j] = k + 1;
    const e = calls[k];
    const c = this.newJob(this.net.edgeTo[e], j, jobs.feature[j], e);
    if (c < 0) return;
    const latency = this.net.edgeLatency[e];
    if (latency === null) this.reach(c);
    else this.sim.schedule(latency(), CALL_ARRIVE, c);
  }

  /** Job `j` is done at its service (ok, or failed by a call): its worker moves on. */
  private complete(j: number, ok: boolean): void {
    const now = this.sim.now, s = this.jobs.service[j], stats = this.stats;
    const arrived = this.jobs.arrived[j];
    if (arrived >= this.warmup) {
      if (ok) {
        stats.sCompleted[s]++;
        stats.sojourn[s].add(now - arrived);
      } else {
        stats.sFailed[s]++;
      }
    }
    const q = this.queues[s];
    if (q.length > 0) {
      const next = q.shift();
      stats.queued.set(s, now, q.length);
      this.begin(next, s, now);
    } else {
      stats.busy.set(s, now, --this.busy[s]);
    }
    this.answer(j, ok);
  }

  /** Reports job `j`'s outcome to its caller (or its user) and frees it. */
  private answer(j: number, ok: boolean): void {
    const jobs = this.jobs, parent = jobs.parent[j];
    if (parent < 0) this.stats.featureOutcome(jobs.feature[j], jobs.arrived[j], this.sim.now, ok);
    jobs.release(j);
    if (parent < 0) return;
    if (ok) this.proceed(parent);
    else this.complete(parent, false);
  }
}
