// How much parallel work the machine gives right now: the same CPU-bound loop on one thread
// alone, then on `threads` threads at once (this one and workers, started together). On idle
// cores the answer is `threads`; when other processes hold the cores it is less, and no
// program's speed-up from threads can beat it.
import { Worker } from 'node:worker_threads';

const LOOP = 'let x = 0; for (let i = 0; i < 8e7; i++) x += Math.sqrt(i); return x;';
const spin = new Function(LOOP);
const PATIENCE_MS = 20_000;

function timed() {
  const started = performance.now();
  spin();
  return performance.now() - started;
}

/** Blocks until `shared[i]` is no longer `value` (true), or PATIENCE_MS pass (false). */
function waitWhile(shared, i, value) {
  const until = performance.now() + PATIENCE_MS;
  while (Atomics.load(shared, i) === value) {
    if (performance.now() > until) return false;
    Atomics.wait(shared, i, value, 100);
  }
  return true;
}

/**
 * `threads` × (time of the loop alone) / (time of the slowest of `threads` copies run at once);
 * NaN if a worker thread does not answer.
 */
export function parallelCapacity(threads) {
  if (threads < 2) return 1;
  const alone = Math.min(timed(), timed());
  // [0] workers ready, [1] go, [2..] each worker's time in µs.
  const shared = new Int32Array(new SharedArrayBuffer(4 * (2 + threads)));
  // execArgv: [] so that flags of this process (e.g. --input-type=module) do not change how the code is read.
  const workers = Array.from({ length: threads - 1 }, (_, k) => new Worker(`
    const { workerData: { shared, k } } = require('node:worker_threads');
    const spin = new Function(${JSON.stringify(LOOP)});
    Atomics.add(shared, 0, 1); Atomics.notify(shared, 0);
    Atomics.wait(shared, 1, 0);
    const started = performance.now(); spin();
    Atomics.store(shared, 2 + k, Math.max(1, Math.round((performance.now() - started) * 1000))); Atomics.notify(shared, 2 + k);`,
  { eval: true, execArgv: [], workerData: { shared, k } }));
  try {
    for (let n = 0; n < threads - 1; n = Atomics.load(shared, 0)) if (!waitWhile(shared, 0, n)) return NaN;
    Atomics.store(shared, 1, 1);
    Atomics.notify(shared, 1);
    const times = [timed()];
    for (let k = 0; k < threads - 1; k++) {
      if (!waitWhile(shared, 2 + k, 0)) return NaN;
      times.push(Atomics.load(shared, 2 + k) / 1000);
    }
    return threads * alone / Math.max(...times);
  } finally {
    workers.forEach((w) => void w.terminate());
  }
}
