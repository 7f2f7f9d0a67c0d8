/**
 * The page's simulators: one Web Worker for the interactive run, and a pool for replications.
 * A worker that throws or dies is replaced: its pending calls fail with a message the page
 * shows, and the next request goes to a fresh worker.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { Cancelled, Frame, ReplicaResponse, RunRequest, RunResponse, WorkerApi } from '../src/worker/protocol.js';

/** A worker with its API, and the rejections of the calls it has not answered yet. */
class Slot {
  private worker!: Worker;
  api!: Remote<WorkerApi>;
  private readonly pending = new Set<(e: Error) => void>();

  constructor(private readonly onDeath: (why: string) => void) { this.spawn(); }

  private spawn(): void {
    this.worker = new Worker(new URL('../src/worker/worker.ts', import.meta.url), { type: 'module' });
    this.api = wrap<WorkerApi>(this.worker);
    this.worker.addEventListener('error', (e) => this.replace(`the simulator stopped unexpectedly (${e.message || 'no message'})`));
  }

  /** Terminates the worker, fails its pending calls with `why`, and starts a fresh one. */
  replace(why: string): void {
    this.worker.terminate();
    const rejects = [...this.pending];
    this.pending.clear();
    this.spawn();
    for (const reject of rejects) reject(new Error(why));
    this.onDeath(why);
  }

  /** A call that fails when the worker dies instead of hanging. */
  call<T>(f: (api: Remote<WorkerApi>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      f(this.api).then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }

  /** Whether a call is waiting for its answer. */
  get busy(): boolean { return this.pending.size > 0; }

  terminate(): void { this.worker.terminate(); }
}

type Brief = ReturnType<WorkerApi['brief']>;

export interface Runner {
  /** Runs in slices with frames; a newer `run` makes the worker abandon this one (answered Cancelled). */
  run(request: RunRequest, onFrame: (frame: Frame) => void): Promise<RunResponse | Cancelled>;
  /** Asks the worker to abandon the run in progress between slices (it answers Cancelled). */
  stop(): void;
  /**
   * Replications spread over a pool of workers, answers in request order; `onDone` after each.
   * Once `abandoned()` says so, no more runs start and the answer is null.
   */
  replicas(requests: RunRequest[], onDone: (done: number) => void, abandoned: () => boolean): Promise<ReplicaResponse[] | null>;
  brief(request: RunRequest): Promise<Brief>;
}

/** How long a run may take to stop when asked before its worker is replaced, ms (a slice is ~40 ms). */
const STOP_WITHIN_MS = 3000;

/**
 * How many workers replications use: every core but one for the page, at least two (so a 2-core
 * machine runs two replications at once: the page is idle meanwhile), at most eight (each holds
 * its own engine and scenario; 30 replications gain little from more).
 */
const poolSize = () => Math.max(2, Math.min(8, (navigator.hardwareConcurrency || 2) - 1));

export function runner(onDeath: (why: string) => void): Runner {
  const main = new Slot(onDeath);
  let pool: Slot[] | null = null, watchdog: ReturnType<typeof setTimeout> | undefined;
  return {
    run: (request, onFrame) => main.call<RunResponse | Cancelled>((api) => api.start(request, proxy(onFrame)) as Promise<RunResponse | Cancelled>),
    stop() {
      void main.api.cancel();
      // A worker that does not get to the cancel (stuck in a long synchronous call) is replaced.
      clearTimeout(watchdog);
      watchdog = setTimeout(() => { if (main.busy) main.replace('the simulator did not stop when asked'); }, STOP_WITHIN_MS);
    },
    brief: (request) => main.call<Brief>((api) => api.brief(request) as Promise<Brief>),
    async replicas(requests, onDone, abandoned) {
      pool ??= Array.from({ length: poolSize() }, () => new Slot(onDeath));
      const out: ReplicaResponse[] = new Array(requests.length);
      let next = 0, done = 0, failed = false;
      // Each worker takes the next request when it finishes one: the pool stays busy whatever the runs cost.
      // A run already started finishes (a replica is one synchronous run); none starts once abandoned or failed.
      await Promise.all(pool.map(async (slot) => {
        while (next < requests.length && !abandoned() && !failed) {
          const i = next++;
          try {
            out[i] = await slot.call<ReplicaResponse>((api) => api.replica(requests[i]) as Promise<ReplicaResponse>);
          } catch (e) {
            failed = true;
            throw e;
          }
          onDone(++done);
        }
      }));
      return abandoned() ? null : out;
    },
  };
}
