/**
 * What breaks first, in every bundled scenario: its timeline (time, kind, subject and cause path)
 * is recorded as text beside the scenario's snapshot, so a change in when or why something
 * breaks shows in review. One timeline is checked by hand against its storm's times.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load-file.js';
import { simulate } from '../../src/model/simulate.js';
import { summarize } from '../../src/outcomes/summarize.js';
import { clock } from '../../src/outcomes/clock.js';
import type { Outcomes } from '../../src/outcomes/types.js';
import type { Scenario } from '../../src/scenario/types.js';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

function outcomesOf(file: string): { scenario: Scenario; outcomes: Outcomes } {
  const loaded = loadScenarioFile(`scenarios/${file}`);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return { scenario: loaded.scenario, outcomes: summarize(simulate(loaded.scenario), loaded.scenario) };
}

const timeline = (o: Outcomes): string =>
  o.breaks.map((b) => `${clock(b.t)} ${b.kind} ${b.subject}\n  ${b.path.text}`).join('\n') + '\n';

describe.each(files)('what breaks first in scenarios/%s', (file) => {
  it('matches its recorded timeline', async () => {
    await expect(timeline(outcomesOf(file).outcomes)).toMatchFileSnapshot(`./__snapshots__/${file.replace(/\.yaml$/, '.breaks.txt')}`);
  });
});

describe('checked by hand: checkout-breaker', () => {
  it("payments' errors break at the fault's start, and the breaker opens about five seconds later because of them", () => {
    const { scenario, outcomes } = outcomesOf('checkout-breaker.yaml');
    const fault = scenario.faults![0];
    const errors = outcomes.breaks.find((b) => b.kind === 'errors' && b.subject === 'payments')!;
    // Buckets are 1 s wide here: the break starts in the bucket the fault starts in.
    expect(outcomes.states.bucketMs).toBe(1000);
    expect(errors.t).toBe(fault.startMs);
    // Hystrix-style: a 10 s window at 100 requests/s crosses 50% errors after about 5 s of them.
    const breaker = outcomes.breaks.find((b) => b.kind === 'breaker-open')!;
    expect(breaker.subject).toBe('checkout->payments');
    expect(breaker.t - fault.startMs).toBeGreaterThanOrEqual(4000);
    expect(breaker.t - fault.startMs).toBeLessThanOrEqual(6000);
    expect(breaker.path.steps.map((s) => s.kind)).toEqual(['breaker-open', 'errors', 'fault']);
    expect(outcomes.breaks[0]).toBe(errors);
  });
});
