/**
 * Runs work items over threads (Node only). Synchronous on purpose, so `main` stays a plain
 * function returning its exit code. With N threads, N − 1 worker threads are started and this
 * thread is the N-th: it posts the batch to the workers, then takes items itself from the same
 * shared counter, reading the workers' messages between its own runs (receiveMessageOnPort);
 * when no item is left it blocks (Atomics.wait) until the workers have sent back theirs. This
 * thread has the modules loaded and compiled already, so it starts at once, while a worker
 * spends a few hundred ms starting, loading its modules and warming up its JIT: taking part
 * saves one thread's start-up and keeps the cores busy meanwhile. Results are placed by item
 * index, never by completion, and every thread computes an item with the same code
 * (pool-serve.ts takeItems), so the output is the same whatever the number of threads.
 * One thread runs everything here, without workers.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { MessagePort, Worker } from 'node:worker_threads';
import { ExperimentError } from '../outcomes/errors.js';
import { localBatch, type Budgets } from '../outcomes/local-batch.js';
import type { RunBatch, Samples } from '../outcomes/experiment-types.js';
import { metricsOf } from './metrics.js';
import { takeItems, type PoolMessage } from './pool-serve.js';

export interface Pool {
  runBatch: RunBatch;
  /** Stops the worker threads (they are unref'd, so a forgotten pool does not hold the process). */
  close(): void;
}

export const defaultThreads = (): number => availableParallelism();

/** node:worker_threads, loaded when threads are first started: ~2 ms of every start-up otherwise (issue 11). */
const threadsModule = () => process.getBuiltinModule('node:worker_threads');

export interface PoolOptions {
  /**
   * `threads` workers and none of the items in this thread (tests: short runs would otherwise
   * all be done here before a worker has started, and the workers' path would go untested).
   */
  workersOnly?: boolean;
}

/**
 * A pool of `threads` threads: this one and `threads − 1` workers (created as the first batches
 * need them). Its batches throw ExperimentError for a run stopped by a budget, and Error when a
 * worker crashes, exits, or sends nothing for longer than the wall budget plus a minute.
 */
export function createPool(threads: number, budgets: Budgets = {}, { workersOnly = false }: PoolOptions = {}): Pool {
  if (threads <= 1 && !workersOnly) return { runBatch: localBatch(metricsOf, undefined, budgets), close: () => {} };
  const control = new Int32Array(new SharedArrayBuffer(8));
  const workers: { worker: Worker; port: MessagePort }[] = [];
  const spawn = (count: number) => {
    const { MessageChannel, Worker } = threadsModule();
    while (workers.length < count) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(workerUrl(), { workerData: { port: port2, control, budgets }, transferList: [port2] });
      worker.on('error', () => {}); // reported through the port (pool-worker.ts)
      worker.unref();
      workers.push({ worker, port: port1 });
    }
  };
  const runBatch: RunBatch = (arms, items, onDone) => {
    if (items.length === 0) return [];
    spawn(Math.min(threads, items.length) - (workersOnly ? 0 : 1));
    Atomics.store(control, 1, 0);
    const batch = { arms, items };
    for (const w of workers) w.port.postMessage(batch);
    const inbox = collector(workers.map((w) => w.port), control, items.length, onDone);
    if (!workersOnly) takeItems(control, batch, budgets, inbox.handle, inbox.drain);
    return inbox.wait((budgets.maxWallMs ?? 600_000) + 60_000);
  };
  return { runBatch, close: () => workers.forEach((w) => void w.worker.terminate()) };
}

/**
 * Gathers a batch's results, by item index, from this thread (`handle`) and the workers' ports
 * (`drain` reads what has arrived; `wait` blocks until every item's metrics and every worker's
 * "done" are in, so the next batch starts clean). A run stopped early stops the others taking
 * items and throws ExperimentError; a crashed or exited worker throws.
 */
function collector(ports: MessagePort[], control: Int32Array, count: number, onDone?: () => void) {
  const results: Samples[] = new Array(count);
  let got = 0, done = 0;
  const handle = (m: PoolMessage) => {
    if ('metrics' in m) { results[m.index] = m.metrics; got++; onDone?.(); }
    else if ('done' in m) done++;
    else if ('stopped' in m) { Atomics.store(control, 1, 1 << 30); throw new ExperimentError(m.stopped); }
    else if ('crashed' in m) throw Object.assign(new Error(`a worker thread failed: ${m.crashed.split('\n')[0]}`), { stack: m.crashed });
    else throw new Error(`a worker thread stopped unexpectedly (exit code ${m.exited})`);
  };
  const { receiveMessageOnPort } = threadsModule();
  const drain = (): boolean => {
    let any = false;
    for (const port of ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) { any = true; handle(m.message); }
    }
    return any;
  };
  const wait = (patienceMs: number): Samples[] => {
    let heard = performance.now();
    while (got < count || done < ports.length) {
      const seen = Atomics.load(control, 0);
      if (drain()) heard = performance.now();
      else if (performance.now() - heard > patienceMs) throw new Error(`no word from the worker threads for ${Math.round(patienceMs / 1000)} s`);
      else Atomics.wait(control, 0, seen, 1000);
    }
    return results;
  };
  return { handle, drain: () => void drain(), wait };
}

/**
 * The worker's entry: next to this file when running compiled (dist/cli); when running from the
 * TypeScript source (tests), the compiled copy that `npm run build:cli` (and test/global-setup.ts) writes.
 */
function workerUrl(): URL {
  const here = new URL('./pool-worker.js', import.meta.url);
  const url = import.meta.url.endsWith('.ts') ? new URL('../../dist/cli/pool-worker.js', import.meta.url) : here;
  if (!existsSync(fileURLToPath(url))) throw new Error(`worker threads need the compiled CLI (${fileURLToPath(url)}): run "npm run build:cli"`);
  return url;
}
