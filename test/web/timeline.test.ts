import { describe, expect, it } from 'vitest';
import { blastRows, breakRows, cellLines, gridTable, samePath } from '../../web/views/timeline-data.js';
import { fixture } from './fixture.js';

describe('timeline data', () => {
  it('numbers the breaks and reads their times, kinds and subjects', () => {
    const rows = breakRows(fixture().outcomes.breaks);
    expect(rows.map((r) => [r.n, r.time, r.badge, r.subject])).toEqual([
      [1, '00:01', 'saturated', 'api'], [2, '00:01', 'SLO missed', 'a'], [3, '00:03', 'breaker open', 'api → db'],
    ]);
    expect(samePath(rows[0].steps, rows[0].steps.map((s) => ({ ...s })))).toBe(true);
    expect(samePath(rows[0].steps, rows[1].steps)).toBe(false);
    expect(samePath(null, rows[0].steps)).toBe(false);
  });

  it('lists each storm’s window and the features it reached, money only when priced', () => {
    expect(blastRows(fixture().outcomes)).toEqual([{
      name: 'outage of db', kind: 'fault', window: '01:00–02:05', total: '15 users affected, $320 lost',
      reached: ['a: 12 users affected, $300 lost', 'b: 3 users affected, $20 lost'],
    }]);
    expect(blastRows(fixture({ potential: 0 }).outcomes)[0].total).toBe('15 users affected');
  });

  it('keeps only states with time, and adds a total row for several features', () => {
    const g = gridTable(fixture().outcomes);
    expect(g.columns.map((c) => c.state)).toEqual(['normal', 'peak']);
    expect(g.columns[1].label).toBe('load peak · 2s (50%)');
    expect(g.rows.map((r) => [r.feature, r.total])).toEqual([['a', false], ['b', false], ['all features', true]]);
    expect(g.rows[0].cells[1]).toEqual(['4 of 10 users bad (40%)', '$200 revenue lost', '2 tickets']);
    expect(cellLines({ users: 0 } as never, '$', true)).toEqual(['no users']);
  });
});
