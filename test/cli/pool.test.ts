/**
 * The worker-thread pool (src/cli/pool.ts) on its own: whatever the number of threads (this one
 * alone, this one and one or two workers, or workers only), a batch's metrics are those of
 * simulating each item by itself, in the items' order; a pool serves batches of any size one
 * after another; a budget's stop is an ExperimentError whichever thread meets it. These runs
 * take milliseconds, so with this thread taking part the workers may get none of them: the
 * workers-only pools are what make sure the workers' path (and the ordering of their results)
 * is exercised.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool, type PoolOptions } from '../../src/cli/pool.js';
import { metricsOf } from '../../src/cli/metrics.js';
import { simulate } from '../../src/model/simulate.js';
import { ExperimentError } from '../../src/outcomes/errors.js';
import type { WorkItem } from '../../src/outcomes/experiment-types.js';
import type { Scenario } from '../../src/scenario/types.js';
import { parsed, TINY, workers } from '../outcomes/support.js';

const base = parsed(TINY);
const arms: Scenario[] = [base, workers(2)(base)];
/** Seven items over two arms: an odd count, so the threads cannot split them evenly. */
const items: WorkItem[] = [3, 4, 5, 6].flatMap((seed) => [{ arm: 0, seed }, { arm: 1, seed }]).slice(0, 7);
/** Each item simulated by itself, without a pool. */
const expected = (batch: WorkItem[]) => batch.map(({ arm, seed }) => metricsOf(simulate(arms[arm], { seed }), arms[arm]));

let pool: Pool | undefined;
afterEach(() => pool?.close());

const modes: [string, PoolOptions][] = [['with this thread', {}], ['workers only', { workersOnly: true }]];

describe.each(modes)('createPool, %s', (_mode, options) => {
  for (const threads of [1, 2, 3]) {
    it(`${threads} thread(s): each item's metrics, in the items' order, and onDone once per item`, () => {
      pool = createPool(threads, {}, options);
      let done = 0;
      const got = pool.runBatch(arms, items, () => done++);
      expect(JSON.stringify(got)).toBe(JSON.stringify(expected(items)));
      expect(done).toBe(items.length);
    });
  }

  it('serves batches one after another: larger, smaller than its threads, a single item, none', () => {
    pool = createPool(3, {}, options);
    for (const batch of [items, items.slice(2, 4), items.slice(5, 6), items.slice(1)]) {
      expect(JSON.stringify(pool.runBatch(arms, batch))).toBe(JSON.stringify(expected(batch)));
    }
    expect(pool.runBatch(arms, [])).toEqual([]);
  });

  it('more threads than items: every item once', () => {
    pool = createPool(4, {}, options);
    const batch = items.slice(0, 2);
    expect(JSON.stringify(pool.runBatch(arms, batch))).toBe(JSON.stringify(expected(batch)));
  });

  it('a run stopped by a budget: ExperimentError naming the run', () => {
    pool = createPool(2, { maxEvents: 100 }, options);
    let error: unknown;
    try {
      pool.runBatch(arms, items);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExperimentError);
    expect((error as Error).message).toMatch(/^the run of "Tiny" with seed \d stopped early: event budget/);
  });
});
