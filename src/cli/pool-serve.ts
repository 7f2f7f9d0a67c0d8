/**
 * The work of a pool worker thread: for each batch it is sent, it takes item after item from
 * the shared counter (so threads share the work however long each run takes), simulates it and
 * sends back its metrics by item index, then says it is done with the batch.
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

export function serve({ port, control, budgets }: PoolWorkerData, tell: (message: PoolMessage) => void): void {
  port.on('message', ({ arms, items }: Batch) => {
    for (let i = Atomics.add(control, 1, 1); i < items.length; i = Atomics.add(control, 1, 1)) {
      const { arm, seed } = items[i];
      const result = simulate(arms[arm], { ...budgets, seed });
      if (result.status !== 'complete') tell({ index: i, stopped: stoppedEarly(arms[arm].name, seed, result.stopReason) });
      else tell({ index: i, metrics: metricsOf(result, arms[arm]) });
    }
    tell({ done: true });
  });
}
