/**
 * The work of the pool's threads (pool.ts): for each batch, item after item is taken from the
 * shared counter (so threads share the work however long each run takes), simulated, and its
 * metrics sent back by item index; a worker then says it is done with the batch. The main
 * thread takes items through the same `takeItems`, so a run is computed by the same code
 * whichever thread takes it.
 */
import type { MessagePort } from 'node:worker_threads';
import { simulate } from '../model/simulate.js';
import { stoppedEarly, type Budgets } from '../outcomes/local-batch.js';
import type { WorkItem } from '../outcomes/experiment-types.js';
import type { Scenario } from '../scenario/types.js';
import { metricsOf } from './metrics.js';

export interface PoolWorkerData {
  port: MessagePort;
  /** [0] counts messages sent (what the pool waits on), [1] is the next item to take. */
  control: Int32Array;
  budgets: Budgets;
}

export interface Batch {
  arms: Scenario[];
  items: WorkItem[];
}

/** What a worker sends back. */
export type PoolMessage =
  | { index: number; metrics: Record<string, number> }
  | { index: number; stopped: string }
  | { done: true }
  | { crashed: string }
  | { exited: number };

/** An item's outcome: its metrics, or why its run stopped early. */
export type ItemMessage = Extract<PoolMessage, { index: number }>;

/**
 * Takes items from the shared counter `control[1]` until none are left: simulates each, tells
 * its outcome, then calls `between` (the main thread reads the workers' messages there).
 */
export function takeItems(control: Int32Array, { arms, items }: Batch, budgets: Budgets, tell: (m: ItemMessage) => void, between?: () => void): void {
  for (let i = Atomics.add(control, 1, 1); i < items.length; i = Atomics.add(control, 1, 1)) {
    const { arm, seed } = items[i];
    const result = simulate(arms[arm], { ...budgets, seed });
    if (result.status !== 'complete') tell({ index: i, stopped: stoppedEarly(arms[arm].name, seed, result.stopReason) });
    else tell({ index: i, metrics: metricsOf(result, arms[arm]) });
    between?.();
  }
}

/** A worker thread's loop: every batch it is sent, its share of the items, then "done". */
export function serve({ port, control, budgets }: PoolWorkerData, tell: (message: PoolMessage) => void): void {
  port.on('message', (batch: Batch) => {
    takeItems(control, batch, budgets, tell);
    tell({ done: true });
  });
}
