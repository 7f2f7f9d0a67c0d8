import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load-file.js';
import { simulate } from '../../src/model/simulate.js';
import type { RunResult } from '../../src/model/result.js';

/**
 * Every bundled scenario is a regression test: it must validate, run to completion, keep its
 * invariants, and produce exactly the recorded result (like Observable Plot's snapshot tests).
 * A changed snapshot is a changed behaviour: review the diff, then `npx vitest run -u`.
 * Correctness itself is established elsewhere (test/model/queueing.test.ts, behaviour-*.test.ts),
 * and the lesson each scenario teaches is asserted in words in test/scenarios/story-*.test.ts.
 */
const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

/**
 * What is recorded: the result without its time series (they are checked for shape, not recorded
 * line by line) and without `events`, the number of kernel events executed — an internal count
 * that changes whenever the model is restructured, with no change in behaviour.
 */
function summary(r: RunResult): Omit<RunResult, 'series' | 'events'> & { seriesPoints: number } {
  const { series, events: _events, ...rest } = r;
  return { ...rest, seriesPoints: series.t.length };
}

describe.each(files)('scenarios/%s', (file) => {
  test('validates, runs to completion with exact conservation, and matches its recorded result', async () => {
    const loaded = loadScenarioFile(`scenarios/${file}`);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`).join('\n'));
    const result = simulate(loaded.scenario);
    expect(result.status).toBe('complete');
    for (const [name, f] of Object.entries(result.features)) {
      expect(f.arrivals, name).toBe(f.succeeded + f.failed + f.abandoned + f.inFlight);
      const u = f.users;
      expect(u.arrived, name).toBe(u.succeeded + u.degraded + u.stale + u.failed + u.abandoned + u.shed + u.rateLimited + u.inFlight);
    }
    expect(result.series.t.length).toBeGreaterThan(0);
    await expect(JSON.stringify(summary(result), null, 2) + '\n').toMatchFileSnapshot(`./__snapshots__/${file.replace(/\.yaml$/, '.json')}`);
  });
});
