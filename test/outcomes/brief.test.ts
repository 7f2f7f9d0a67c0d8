/** The Reliability Impact Brief: its sections, its figures, and a snapshot (a gallery of one story). */
import { describe, expect, it } from 'vitest';
import { brief, type ComparedVariant } from '../../src/outcomes/brief.js';
import { summarize } from '../../src/outcomes/summarize.js';
import { storyResult, storyScenario } from './story.js';

const scenario = storyScenario(), outcomes = summarize(storyResult(), scenario);
const comparison: ComparedVariant[] = [
  { name: 'base', metrics: { 'total.value.lost': { mean: 11_500, low: 10_900, high: 12_100 }, 'total.loss': { mean: 12_000, low: 11_300, high: 12_700 }, 'total.users.failed': { mean: 2440, low: 2400, high: 2480 }, 'total.users.abandoned': { mean: 42, low: 38, high: 46 }, 'total.tickets': { mean: 12.4, low: 10.1, high: 14.7 }, 'total.cost': { mean: 5, low: 5, high: 5 }, 'worst.slo.budgetBurned': { mean: 0.0206, low: 0.019, high: 0.022 } } },
  { name: 'shed-browse', description: 'dim browse at 85% payments load', metrics: { 'total.value.lost': { mean: 2_100, low: 1_900, high: 2_300 }, 'total.loss': { mean: 2_300, low: 2_050, high: 2_550 }, 'total.users.failed': { mean: 5300, low: 5200, high: 5400 }, 'total.users.abandoned': { mean: 3, low: 1, high: 5 }, 'total.tickets': { mean: 1.2, low: 0.4, high: 2 }, 'total.cost': { mean: 5, low: 5, high: 5 }, 'worst.slo.budgetBurned': { mean: 0.002, low: 0.001, high: 0.003 } } },
  { name: 'scale-payments', metrics: { 'total.value.lost': { mean: 1_900, low: 1_500, high: 2_400 }, 'total.loss': { mean: 2_000, low: 1_600, high: 2_500 }, 'total.cost': { mean: 9.5, low: 9.1, high: 9.9 } } },
];

describe('brief', () => {
  const text = brief({ scenario, outcomes });

  it('has the sections a design review expects', () => {
    for (const heading of ['# Reliability Impact Brief: spike-and-outage', '## Features and dependencies', '## Failure modes and blast radius', '## What breaks first', '## Impact grid', '## SLO and error budget']) {
      expect(text).toContain(heading);
    }
    expect(text).not.toContain('## Variants');
  });

  it('leads with what breaks first and what it costs', () => {
    const summary = text.split('\n\n')[1];
    expect(summary).toContain('the first thing to break: payments saturates (97% busy) from 02:30 because of the 10x spike on browse from 02:00 to 05:00.');
    expect(summary).toContain(`Users lost USD ${Math.round(outcomes.totals.value.lost).toLocaleString('en-US')} of value`);
    expect(text).toContain('| checkout | core | 5/s | web → payments | USD 40 | 99% within 1s |');
    expect(text).toContain('- **outage of recs** (06:00 to 07:00): reached recommend (600 users, USD 300).');
  });

  it('compares variants and names the one that protects value best, with its cost', () => {
    const withVariants = brief({ scenario, outcomes, comparison, runs: 20 });
    expect(withVariants).toContain('## Variants');
    expect(withVariants).toContain('Over 20 runs each');
    // The loss column is what the verdict ranks by: value lost plus churn.
    expect(withVariants).toContain('| shed-browse: dim browse at 85% payments load | 2,300 (2,050 to 2,550) |');
    expect(withVariants).toContain('scale-payments protects value best: it loses USD 10,000 less than base on average (value lost plus churn), for USD 4.50 more infrastructure cost.');
    expect(withVariants).toMatch(/\n$/);
  });

  it('judges the lead by the paired difference, and says when the base is best', () => {
    const close = comparison.map((v) => ({ ...v, metrics: { ...v.metrics, 'total.loss': { mean: v.name === 'base' ? 2_100 : 2_400, low: 1_500, high: 2_800 } } }));
    expect(brief({ scenario, outcomes, comparison: close })).toContain('base protects value best: no variant does better.');
    close[1].metrics['total.loss'] = { mean: 2_000, low: 1_500, high: 2_800 };
    close[1].differences = { 'total.loss': { mean: -100, low: -250, high: 50 } };
    expect(brief({ scenario, outcomes, comparison: close })).toContain('Its paired difference from the base is not clear of 0 at 95%: more runs would make this surer.');
    close[1].differences = { 'total.loss': { mean: -100, low: -150, high: -50 } };
    expect(brief({ scenario, outcomes, comparison: close })).toContain('The paired difference is clear of 0 at 95%.');
  });

  it('matches the snapshot', () => {
    expect(brief({ scenario, outcomes, comparison, runs: 20 })).toMatchSnapshot();
  });
});
