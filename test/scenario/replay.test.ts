import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseRateCsv, parseScenario } from '../../src/scenario/index.js';
import { loadScenarioFile } from '../../src/scenario/load-file.js';
import { siblingPath } from '../../src/scenario/replay.js';
import { yaml } from './helpers.js';

/** A scenario whose line 9 replays `file` for browse. */
const scenario = (file: string, extra = '') =>
  yaml(
    'name: t',
    'duration: 1h',
    'features:',
    '  browse: { rate: 10/s, entry: web }',
    'services:',
    '  web: { workers: 4, serviceTime: 1ms }',
    'load:',
    '  - step: { factor: 2, start: 1m }',
    `  - replay: { feature: browse, file: ${file}${extra} }`,
  );

/** Writes `files` into a fresh folder and returns its path. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'brownout-replay-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const problems = (result: ReturnType<typeof loadScenarioFile>) => (result.ok ? [] : result.problems.map(formatProblem));

describe('replay from a CSV next to the scenario', () => {
  it('reads durations and rates, or bare seconds and per-second numbers; defaults start 0s, interpolate step', () => {
    const dir = folder({ 's.yaml': scenario('rates.csv'), 'rates.csv': 'time,rate\n0s,100/s\n90,200\n\n5m, 6000/min\r\n' });
    const result = loadScenarioFile(join(dir, 's.yaml'));
    expect(problems(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.scenario.load?.[1]).toEqual({
      kind: 'replay',
      features: ['browse'],
      startMs: 0,
      interpolate: 'step',
      points: [
        { tMs: 0, ratePerMs: 0.1 },
        { tMs: 90_000, ratePerMs: 0.2 },
        { tMs: 300_000, ratePerMs: 0.1 },
      ],
    });
  });

  it('resolves the file relative to the scenario\'s folder, with a start and linear interpolation', () => {
    const dir = folder({ 'sc/s.yaml': scenario('data/r.csv', ', start: 10m, interpolate: linear'), 'sc/data/r.csv': 'Time, Rate\n0,0\n60,5/s\n' });
    const result = loadScenarioFile(join(dir, 'sc', 's.yaml'));
    expect(problems(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.scenario.load?.[1]).toMatchObject({ startMs: 600_000, interpolate: 'linear', points: [{ tMs: 0, ratePerMs: 0 }, { tMs: 60_000, ratePerMs: 0.005 }] });
  });

  it('reports bad rows at their own line and column in the CSV, after the scenario\'s problems', () => {
    const csv = ['time,rate', '5s,100/s', '60,abc', '30s,5', '1,2,3', '2m,-4'].join('\n');
    const dir = folder({ 's.yaml': scenario('rates.csv').replace('factor: 2', 'factor: -1'), 'rates.csv': csv });
    const csvPath = join(dir, 'rates.csv');
    expect(problems(loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${join(dir, 's.yaml')}:8:21: load[0].step.factor: must be 0 or more, got -1 (a number like 2 or 0.5 (1: unchanged))`,
      `${csvPath}:2:1: time: the first time must be 0, got 5s (times increasing from 0, e.g. 0s, 10s, 20s)`,
      `${csvPath}:3:4: rate: is not a rate, got "abc" (a rate like 100/s, 6000/min, or a number of requests per second like 100)`,
      `${csvPath}:4:1: time: must be later than the row before (1m), got 30s (times increasing from 0, e.g. 0s, 10s, 20s)`,
      `${csvPath}:5:1: has 3 values, expected 2 (time,rate) (rows like 0s,100/s)`,
      `${csvPath}:6:4: rate: must not be negative, got -4 (a rate like 100/s, 6000/min, or a number of requests per second like 100)`,
    ]);
  });

  it('reports a missing file at its name in the scenario', () => {
    const dir = folder({ 's.yaml': scenario('nope.csv') });
    expect(problems(loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${join(dir, 's.yaml')}:9:38: load[1].replay.file: cannot find or read the file "nope.csv" (a CSV file, named relative to the scenario file's folder)`,
    ]);
  });
});

describe('replay without a file reader (a browser)', () => {
  it('is a problem at the file name', () => {
    const result = parseScenario(scenario('rates.csv'), 'x.yaml');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'x.yaml:9:38: load[1].replay.file: cannot be read here: replay files are read only when the scenario is opened from a file (run it with the brownout command, or use spike, step, ramp or daily load)',
    ]);
  });

  it('a reader given to parseScenario gets the name as written, and CSV problems are named next to the scenario', () => {
    const asked: string[] = [];
    const readFile = (name: string) => (asked.push(name), 'time,rate\n0s,1/s\n0s,2/s\n');
    const result = parseScenario(scenario('r.csv', ', start: 1m'), 'scenarios/s.yaml', { readFile });
    expect(asked).toEqual(['r.csv']);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'scenarios/r.csv:3:1: time: must be later than the row before (0s), got 0s (times increasing from 0, e.g. 0s, 10s, 20s)',
    ]);
  });

  // These once passed validation and stopped the run with an internal error in the rate curve.
  it('reports bare numbers too large to hold (Infinity) at their cell', () => {
    const huge = '9'.repeat(400);
    const readFile = () => `time,rate\n0,${huge}\n${huge},5\n`;
    const result = parseScenario(scenario('r.csv'), 's.yaml', { readFile });
    const tooLarge = (expected: string) => `is too large, got "${'9'.repeat(37)}..." (${expected})`;
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      `r.csv:2:3: rate: ${tooLarge('a rate like 100/s, 6000/min, or a number of requests per second like 100')}`,
      `r.csv:3:1: time: ${tooLarge('a time like 0s, 90s, 5m, or a number of seconds like 90')}`,
    ]);
  });

  it('reads a file used by two replays once, and reports its problems once', () => {
    let reads = 0;
    const text = scenario('r.csv').replace('  - step: { factor: 2, start: 1m }', '  - replay: { file: r.csv }');
    const result = parseScenario(text, 's.yaml', { readFile: () => (reads++, 'time,rate\n1s,1\n') });
    expect(reads).toBe(1);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'r.csv:2:1: time: the first time must be 0, got 1s (times increasing from 0, e.g. 0s, 10s, 20s)',
    ]);
  });
});

describe('parseRateCsv', () => {
  it('needs a header and at least one row', () => {
    expect(parseRateCsv('')).toEqual({
      ok: false,
      problems: [{ line: 1, col: 1, column: '', message: 'the file is empty', expected: 'a first line time,rate, then rows like 0s,100/s or 0,100' }],
    });
    expect(parseRateCsv('time,rate\n')).toMatchObject({ ok: false, problems: [{ line: 1, message: 'has no rows after the header' }] });
    expect(parseRateCsv('\n0,10\n1,20\n')).toEqual({
      ok: false,
      problems: [{ line: 2, col: 1, column: '', message: 'the first line must be the header time,rate, got "0,10"', expected: 'a first line time,rate, then rows like 0s,100/s or 0,100' }],
    });
    // Without a header, the first line is still read as data: its problems are reported too.
    expect(parseRateCsv('5,10\n')).toMatchObject({ ok: false, problems: [{ line: 1, column: '' }, { line: 1, column: 'time', message: 'the first time must be 0, got 5' }] });
    expect(parseRateCsv('when,how much\n0,1\n')).toMatchObject({ ok: false, problems: [{ line: 1, message: 'the first line must be the header time,rate, got "when,how much"' }] });
  });

  it('accepts a byte-order mark, spaces, blank lines and CRLF', () => {
    expect(parseRateCsv('\uFEFF time , rate \r\n\r\n 0 , 10 \r\n 1.5s , 1/ms \r\n')).toEqual({
      ok: true,
      points: [{ tMs: 0, ratePerMs: 0.01 }, { tMs: 1500, ratePerMs: 1 }],
    });
  });

  // rateCurve (src/model/profile.ts) no longer checks its replay points: this is where they are checked.
  it('gives only points the rate curve can use: at least one, finite, ≥ 0, times increasing from 0', () => {
    const cell = fc.oneof(fc.constantFrom('0', '0s', '-1', '1.5', '90', '5m', '10/s', '0/s', '1/ms', 'x', ''), fc.integer({ min: 1, max: 400 }).map((n) => '9'.repeat(n)));
    const row = fc.tuple(cell, cell).map(([t, r]) => `${t},${r}`);
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), (rows) => {
        const result = parseRateCsv(['time,rate', ...rows].join('\n'));
        if (!result.ok) return true;
        const { points } = result;
        const finite = points.every((p) => Number.isFinite(p.tMs) && Number.isFinite(p.ratePerMs) && p.ratePerMs >= 0);
        return points.length > 0 && points[0].tMs === 0 && finite && points.every((p, i) => i === 0 || p.tMs > points[i - 1].tMs);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('stops listing after 20 problems', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},x`);
    const result = parseRateCsv(['time,rate', ...rows].join('\n'));
    if (result.ok) throw new Error('parsed');
    expect(result.problems).toHaveLength(21);
    expect(result.problems[20]).toEqual({ line: 22, col: 4, column: '', message: 'and 10 more problems from here on' });
  });
});

describe('siblingPath', () => {
  it('puts a relative name in the scenario\'s folder and leaves absolute names alone', () => {
    expect(siblingPath('scenarios/a.yaml', 'r.csv')).toBe('scenarios/r.csv');
    expect(siblingPath('a.yaml', 'data/r.csv')).toBe('data/r.csv');
    expect(siblingPath('C:\\s\\a.yaml', 'r.csv')).toBe('C:\\s\\r.csv');
    expect(siblingPath('scenarios/a.yaml', '/data/r.csv')).toBe('/data/r.csv');
  });
});
