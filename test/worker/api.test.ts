import { describe, expect, test } from 'vitest';
import { run } from '../../src/worker/api.js';

const replay = `name: Replayed traffic
duration: 4m
features:
  browse: { rate: 10/s, entry: web }
services:
  web: { workers: 4, serviceTime: { exponential: 20ms } }
load:
  - replay: { feature: browse, file: rates.csv, interpolate: step }
`;

describe('worker api (the logic behind the Web Worker)', () => {
  test('runs scenario text and reports the run', () => {
    const r = run({ text: replay.replace(/load:[\s\S]*$/, ''), file: 'x.yaml' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.result.features.browse.arrivals).toBeGreaterThan(2000);
  });

  test('reads a replay CSV from the files the page sends, and follows it', () => {
    const r = run({ text: replay, file: 'x.yaml', files: { 'rates.csv': 'time,rate\n0s,5/s\n2m,50/s\n' } });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    // 2 min at 5/s then 2 min at 50/s: 6,600 expected; Poisson sd ≈ 81.
    expect(Math.abs(r.result.features.browse.arrivals - 6600)).toBeLessThan(4 * 81);
  });

  test('returns every problem, located, instead of throwing', () => {
    const r = run({ text: replay, file: 'x.yaml' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ file: 'x.yaml' });
    expect(r.problems.map((p) => p.message).join(' ')).toMatch(/rates\.csv|file/);
  });
});
