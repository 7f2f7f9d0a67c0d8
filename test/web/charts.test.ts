import { describe, expect, it } from 'vitest';
import { clock } from '../../src/outcomes/clock.js';
import { breakMarkers, markerLabels, panelsOf, stormWindows, timeTicks, usersPerSecond } from '../../web/views/charts-data.js';
import { fixture } from './fixture.js';

describe('chart data', () => {
  it('sums users per second over features, leaving out classes that never happened', () => {
    const lines = usersPerSecond(fixture().result.series);
    expect(lines.map((l) => l.name)).toEqual(['succeeded', 'failed', 'gave up']);
    expect(lines[0].values).toEqual([6, 7, 8, 9]);
    expect(lines[1].values).toEqual([0, 6, 6, 0]);
  });

  it('draws p95 latency, instances only for services that scaled, and breakers only for edges whose breaker opened', () => {
    const panels = panelsOf(fixture().result);
    expect(panels.map((p) => p.id)).toEqual(['users', 'latency', 'queue', 'utilization', 'instances', 'breakers']);
    expect(panels[5].lines.map((l) => l.name)).toEqual(['api → db']);
    expect(panels[4].lines.map((l) => l.name)).toEqual(['db']);
    expect(panels[1].lines[0].values).toEqual([30, 60, null, 45]);
  });

  it('turns runs of peak and degraded buckets into windows', () => {
    expect(stormWindows(fixture().outcomes.states, 4000)).toEqual([
      { state: 'peak', from: 1000, to: 3000 }, { state: 'degraded', from: 3000, to: 4000 },
    ]);
  });

  it('numbers breaks as the timeline does, one marker per time, and merges labels that would overlap', () => {
    const markers = breakMarkers(fixture().outcomes.breaks, clock);
    expect(markers.map((m) => [m.t, m.numbers])).toEqual([[1000, [1, 2]], [3000, [3]]]);
    expect(markerLabels(markers, (t) => t / 100, 22).map((l) => l.text)).toEqual(['1,2,3']);
    expect(markerLabels(markers, (t) => t / 10, 22).map((l) => [l.x, l.text])).toEqual([[100, '1,2'], [300, '3']]);
  });

  it('puts time ticks on whole clock steps', () => {
    expect(timeTicks(60_000, 600_000, 12)).toEqual([60_000, 120_000, 180_000, 240_000, 300_000, 360_000, 420_000, 480_000, 540_000, 600_000]);
    expect(timeTicks(0, 600_000, 4)).toEqual([0, 300_000, 600_000]);
  });
});
