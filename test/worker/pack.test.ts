import { describe, expect, test } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { loadScenarioFile } from '../../src/scenario/load-file.js';
import { packSeries, unpackSeries } from '../../src/worker/pack.js';

describe('series packed for transfer', () => {
  test.each(['checkout-breaker.yaml', 'celebrity-spike.yaml', 'webhook-outage.yaml'])('%s: unpacking gives the series back exactly, nulls, names with dots or named like Object\'s properties, and empty maps included', (file) => {
    const loaded = loadScenarioFile(`scenarios/${file}`);
    if (!loaded.ok) throw new Error('does not load');
    const series = simulate({ ...loaded.scenario, durationMs: Math.min(loaded.scenario.durationMs, 600_000) }).series;
    const feature = Object.keys(series.features)[0];
    // A name with a dot, and a list with gaps, must survive.
    (series.services as Record<string, unknown>)['constructor'] = series.services[Object.keys(series.services)[0]];
    (series.features as Record<string, unknown>)['a.b'] = { ...series.features[feature], badBy: {}, latencyP95Ms: series.t.map((_, i) => (i % 3 ? null : i)) };
    const packed = packSeries(series);
    expect(packed.data.length).toBe(packed.lists.length * series.t.length);
    expect(unpackSeries(packed)).toEqual(series);
  });
});
