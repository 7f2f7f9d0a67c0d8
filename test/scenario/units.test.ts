import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseRate, parseShare } from '../../src/scenario/index.js';
import { listOptions, suggest } from '../../src/scenario/suggest.js';

const value = (parsed: ReturnType<typeof parseDuration>) => (parsed.ok ? parsed.value : parsed.message);

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5000],
    ['1.5s', 1500],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['250 ms', 250],
  ])('%s is %d ms', (text, ms) => expect(value(parseDuration(text))).toBe(ms));

  it.each([
    [5, 'needs a unit, got the bare number 5'],
    ['5', 'needs a unit, got the bare number 5'],
    ['0s', 'must be more than 0, got 0s'],
    ['-3m', 'must not be negative, got -3m'],
    ['5us', 'has an unknown unit "us" in "5us"'],
    ['5 sec', 'has an unknown unit "sec" in "5 sec"'],
    ['fast', 'is not a duration, got "fast"'],
    [null, 'must be a duration, got nothing'],
    [[1], 'must be a duration, got a list'],
  ])('%j fails: %s', (raw, message) => {
    expect(parseDuration(raw)).toEqual({ ok: false, message, expected: 'a duration like 250ms, 5s, 10m, 2h' });
  });

  it('allows zero only when asked', () => {
    expect(value(parseDuration('0ms', { allowZero: true }))).toBe(0);
    expect(value(parseDuration('-1ms', { allowZero: true }))).toBe('must not be negative, got -1ms');
  });
});

describe('parseRate', () => {
  it.each([
    ['30/s', 0.03],
    ['1800/min', 0.03],
    ['1800/m', 0.03],
    ['100000/h', 100000 / 3_600_000],
    ['2/ms', 2],
    ['0.5 / s', 0.0005],
  ])('%s is %d per ms', (text, perMs) => expect(value(parseRate(text))).toBeCloseTo(perMs, 15));

  it.each([
    [30, 'needs a unit of time, got the bare number 30'],
    ['30', 'needs a unit of time, got the bare number 30'],
    ['30s', 'needs a slash before the unit, got "30s"'],
    ['30/sec', 'has an unknown unit "/sec" in "30/sec"'],
    ['0/s', 'must be more than 0, got 0/s'],
    ['-1/s', 'must not be negative, got -1/s'],
    ['lots', 'is not a rate, got "lots"'],
  ])('%j fails: %s', (raw, message) => {
    expect(parseRate(raw)).toEqual({ ok: false, message, expected: 'a rate like 30/s, 1800/min, 100000/h' });
  });
});

describe('formatDuration', () => {
  it('uses the largest whole unit', () => {
    expect([7_200_000, 300_000, 5000, 250, 0, 1500].map(formatDuration)).toEqual(['2h', '5m', '5s', '250ms', '0ms', '1500ms']);
  });
});

describe('suggest', () => {
  const keys = ['rate', 'entry', 'workers', 'serviceTime'];
  it.each([
    ['rat', 'rate'],
    ['entyr', 'entry'],
    ['work', 'workers'],
    ['ServiceTime', 'serviceTime'],
    ['service-time', 'serviceTime'],
  ])('%s → %s', (input, expected) => expect(suggest(input, keys)).toBe(expected));

  it('suggests nothing when nothing is close', () => {
    expect(suggest('priority', keys)).toBeUndefined();
    expect(suggest('db', ['api'])).toBeUndefined();
    expect(suggest('', keys)).toBeUndefined();
  });

  it('lists options in plain words', () => {
    expect(listOptions(['a'])).toBe('"a"');
    expect(listOptions(['a', 'b', 'c'])).toBe('"a", "b" or "c"');
    expect(listOptions(['a', 'b', 'c'], 2)).toBe('"a", "b", ...');
  });
});

describe('parseShare', () => {
  it.each([
    ['85%', 0.85],
    [0.85, 0.85],
    ['100%', 1],
    [1, 1],
    ['12.5 %', 0.125],
  ])('%j is %d', (raw, fraction) => expect(value(parseShare(raw))).toBeCloseTo(fraction, 15));

  it.each([
    [85, 'must be at most 1 (100%), got 85; for a percentage write 85%'],
    ['120%', 'must be at most 100%, got 120%'],
    [0, 'must be more than 0, got 0'],
    ['0%', 'must be more than 0, got 0%'],
    [-0.1, 'must not be negative, got -0.1'],
    ['-5%', 'must not be negative, got -5%'],
    ['85', 'is not a share, got "85"'],
    ['lots', 'is not a share, got "lots"'],
    [null, 'must be a share, got nothing'],
  ])('%j fails: %s', (raw, message) => {
    expect(parseShare(raw)).toEqual({ ok: false, message, expected: 'a share like 20% or 0.2' });
  });

  it('allows zero when asked', () => {
    expect(value(parseShare('0%', { allowZero: true }))).toBe(0);
  });
});
