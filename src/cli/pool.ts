/**
 * Runs work items over worker threads (Node only). Synchronous on purpose, so `main` stays a
 * plain function returning its exit code: the pool posts a batch to its workers and blocks
 * (Atomics.wait) until they have sent back every item, reading their messages with
 * receiveMessageOnPort. Workers take items from a shared counter, and results are placed by
 * item index, never by completion, so the output is the same whatever the number of threads.
 * Each worker receives the batch's scenarios (plain data) and imports the metrics from
 * metrics.ts. One thread runs everything here, without workers.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { MessagePort, Worker } from 'node:worker_threads';
import { ExperimentError } from '../outcomes/errors.js';
import { localBatch, type Budgets } from '../outcomes/local-batch.js';
import type { RunBatch, Samples } from '../outcomes/experiment-types.js';
import { metricsOf } from './metrics.js';
import type { PoolMessage } from './pool-serve.js';

export interface Pool {
  runBatch: RunBatch;
  /** Stops the worker threads (they are unref'd, so a forgotten pool does not hold the process). */
  close(): void;
}

export const defaultThreads = (): number => availableParallelism();

/** node:worker_threads, loaded when threads are first started: ~2 ms of every start-up otherwise (issue 11). */
const threadsModule = () => process.getBuiltinModule('node:worker_threads');

/** A pool of `threads` worker threads (created as the first batches need them). */
export function createPool(threads: number, budgets: Budgets = {}): Pool {
  if (threads <= 1) return { runBatch: localBatch(metricsOf, undefined, budgets), close: () => {} };
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
    spawn(Math.min(threads, items.length));
    Atomics.store(control, 1, 0);
    for (const w of workers) w.port.postMessage({ arms, items });
    return collect(workers.map((w) => w.port), control, items.length, (budgets.maxWallMs ?? 600_000) + 60_000, onDone);
  };
  return { runBatch, close: () => workers.forEach((w) => void w.worker.terminate()) };
}

/** Waits for every item's metrics and every worker's "done" (so the next batch starts clean). */
function collect(ports: MessagePort[], control: Int32Array, count: number, patienceMs: number, onDone?: () => void): Samples[] {
  const { receiveMessageOnPort } = threadsModule();
  const results: Samples[] = new Array(count);
  let got = 0, done = 0, heard = performance.now();
  const handle = (m: PoolMessage) => {
    if ('metrics' in m) { results[m.index] = m.metrics; got++; onDone?.(); }
    else if ('done' in m) done++;
    else if ('stopped' in m) { Atomics.store(control, 1, 1 << 30); throw new ExperimentError(m.stopped); }
    else if ('crashed' in m) throw Object.assign(new Error(`a worker thread failed: ${m.crashed.split('\n')[0]}`), { stack: m.crashed });
    else throw new Error(`a worker thread stopped unexpectedly (exit code ${m.exited})`);
  };
  while (got < count || done < ports.length) {
    const seen = Atomics.load(control, 0);
    let any = false;
    for (const port of ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) { any = true; handle(m.message); }
    }
    if (any) heard = performance.now();
    else if (performance.now() - heard > patienceMs) throw new Error(`no word from the worker threads for ${Math.round(patienceMs / 1000)} s`);
    else Atomics.wait(control, 0, seen, 1000);
  }
  return results;
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
