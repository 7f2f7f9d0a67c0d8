// A worker thread of the pool (pool.ts): wiring only. Its exit and crashes are reported first,
// so a module that fails to load cannot leave the pool waiting; the work is in pool-serve.ts.
import { workerData } from 'node:worker_threads';
import type { PoolWorkerData } from './pool-serve.js';

const { port, control } = workerData as PoolWorkerData;
const tell = (message: object) => {
  port.postMessage(message);
  Atomics.add(control, 0, 1);
  Atomics.notify(control, 0);
};
process.on('uncaughtException', (e) => { tell({ crashed: String((e as Error)?.stack ?? e) }); process.exit(1); });
process.on('exit', (code) => tell({ exited: code }));
import('./pool-serve.js').then((m) => m.serve(workerData as PoolWorkerData, tell), (e) => { tell({ crashed: String(e?.stack ?? e) }); process.exit(1); });
