import { describe, expect, it } from 'vitest';
import { cardsOf, worstSlo } from '../../web/views/cards-data.js';
import { fixture } from './fixture.js';

describe('outcome cards', () => {
  it('counts failed, gave up and refused as affected, degraded and stale on a second line', () => {
    const [affected] = cardsOf(fixture());
    expect(affected.key).toBe('affected');
    expect(affected.big).toBe('14');
    expect(affected.note).toBe('14% of 100 users failed, gave up or were refused');
    expect(affected.second).toBe('6 more (6%) got a degraded or stale answer');
  });

  it('picks the feature that burned the most SLO budget', () => {
    expect(worstSlo(fixture())).toEqual({ feature: 'b', burned: 0.5, outOfSloMs: 90_000 });
    const slo = cardsOf(fixture()).find((c) => c.key === 'slo')!;
    expect([slo.big, slo.second]).toEqual(['50%', 'out of SLO for 1m 30s']);
  });

  it('hides money cards without value and cost without a cost', () => {
    expect(cardsOf(fixture()).map((c) => c.key)).toEqual(['affected', 'gaveUp', 'tickets', 'revenue', 'slo']);
    expect(cardsOf(fixture({ potential: 0, cost: 12 })).map((c) => c.key)).toEqual(['affected', 'gaveUp', 'tickets', 'slo', 'cost']);
    const revenue = cardsOf(fixture()).find((c) => c.key === 'revenue')!;
    expect([revenue.big, revenue.second]).toEqual(['$200', '+ $600 lifetime value of 2 users lost for good']);
  });

  it('says how much of the revenue lost came from slower answers converting less', () => {
    const run = fixture();
    (run.outcomes.features as Record<string, unknown>).a = { slo: null, value: { lostBy: { conversion: 12.5 } } };
    const revenue = cardsOf(run).find((c) => c.key === 'revenue')!;
    expect(revenue.second).toBe('+ $600 lifetime value of 2 users lost for good; incl. $12.50 from slower answers converting less');
  });
});
