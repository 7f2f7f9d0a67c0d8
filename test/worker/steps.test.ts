/**
 * The worker's sliced runs: frames of the run so far are prefixes of the finished run's series
 * (what the page draws early is what it will draw late), and the finished result is simulate's.
 */
import { describe, expect, test } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { loadScenarioFile } from '../../src/scenario/load-file.js';
import { runInSteps } from '../../src/worker/steps.js';
import { unpackSeries } from '../../src/worker/pack.js';
import type { Frame } from '../../src/worker/protocol.js';

describe('runs in slices', () => {
  test('every frame\'s series is a prefix of the finished series, and the result is simulate\'s', async () => {
    const loaded = loadScenarioFile('scenarios/checkout-breaker.yaml');
    if (!loaded.ok) throw new Error('does not load');
    const frames: Frame[] = [];
    const result = await runInSteps(loaded.scenario, { budgets: {}, firstFrameMs: 0, endingMs: 0, onFrame: (f) => frames.push(f), cancelled: () => false });
    const whole = simulate(loaded.scenario);
    expect(JSON.stringify(result)).toBe(JSON.stringify(whole));
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) {
      const f = { series: unpackSeries(frame.series) };
      const n = f.series.t.length;
      expect(n).toBeGreaterThan(0);
      for (const [name, feature] of Object.entries(f.series.features)) {
        const { badBy: _late, ...rest } = feature;
        const { badBy: _all, ...final } = whole.series.features[name];
        for (const [key, values] of Object.entries(rest)) {
          if (Array.isArray(values)) expect(values, `${name}.${key}`).toEqual((final as unknown as Record<string, unknown[]>)[key].slice(0, n));
        }
      }
      for (const [name, service] of Object.entries(f.series.services)) {
        for (const [key, values] of Object.entries(service)) expect(values, `${name}.${key}`).toEqual((whole.series.services[name] as Record<string, unknown[]>)[key].slice(0, n));
      }
    }
  });

  test('a run expected to end within endingMs posts no frame: its result comes first', async () => {
    const loaded = loadScenarioFile('scenarios/checkout-breaker.yaml');
    if (!loaded.ok) throw new Error('does not load');
    const frames: Frame[] = [];
    const result = await runInSteps(loaded.scenario, { budgets: {}, firstFrameMs: 0, endingMs: 1e9, onFrame: (f) => frames.push(f), cancelled: () => false });
    expect(frames).toEqual([]);
    expect(JSON.stringify(result)).toBe(JSON.stringify(simulate(loaded.scenario)));
  });

  test('a cancelled run stops between slices and answers null', async () => {
    const loaded = loadScenarioFile('scenarios/webhook-outage.yaml');
    if (!loaded.ok) throw new Error('does not load');
    let slices = 0;
    const result = await runInSteps(loaded.scenario, { budgets: {}, cancelled: () => ++slices >= 2 });
    expect(result).toBeNull();
    expect(slices).toBe(2);
  });
});
