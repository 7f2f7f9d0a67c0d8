/**
 * Rate profiles for `replay` load: a CSV file with the header `time,rate`, then one row per
 * point, e.g. `0s,100/s` or bare numbers `0,100` (seconds, requests per second). Times start
 * at 0 and increase. Every problem is placed at its line and column in the CSV file.
 */
import { describeValue, formatDuration, parseDuration, parseRate, type Parsed } from './units.js';

export interface RatePoint {
  tMs: number;
  ratePerMs: number;
}

/** A problem in the CSV file; `column` is `time`, `rate` or '' for the whole row or file. */
export interface CsvProblem {
  line: number;
  col: number;
  column: string;
  message: string;
  expected?: string;
}

export type CsvResult = { ok: true; points: RatePoint[] } | { ok: false; problems: CsvProblem[] };

const HEADER_EXPECTED = 'a first line time,rate, then rows like 0s,100/s or 0,100';
const TIME_EXPECTED = 'a time like 0s, 90s, 5m, or a number of seconds like 90';
const RATE_EXPECTED = 'a rate like 100/s, 6000/min, or a number of requests per second like 100';
const ORDER_EXPECTED = 'times increasing from 0, e.g. 0s, 10s, 20s';
/** A broken file (say, the wrong file entirely) should not flood the terminal. */
const MAX_PROBLEMS = 20;
const BARE_NUMBER = /^-?\d+(\.\d+)?$/;

interface Cell {
  text: string;
  col: number;
}

/** Reads the CSV text into points (tMs from the first row, per-ms rates), or its problems. */
export function parseRateCsv(text: string): CsvResult {
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\n|\r/);
  const problems: CsvProblem[] = [];
  const points: RatePoint[] = [];
  /** The last time read, valid or not in order, so one bad row does not fault every row after it. */
  const order = { last: undefined as number | undefined };
  let header = 0;
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const cells = splitCells(raw);
    if (header === 0) {
      header = index + 1;
      if (cells.map((c) => c.text.toLowerCase()).join(',') === 'time,rate') return;
      const message = `the first line must be the header time,rate, got ${describeValue(raw.trim())}`;
      problems.push({ line: header, col: 1, column: '', message, expected: HEADER_EXPECTED });
      // A first line that is data (the header left out) is read as data, so its rows are checked too.
      if (!readAmount(cells[0].text, 1, (t) => parseDuration(t, { allowZero: true }), '').ok) return;
    }
    readRow(cells, index + 1, { points, problems, order });
  });
  if (header === 0) problems.push({ line: 1, col: 1, column: '', message: 'the file is empty', expected: HEADER_EXPECTED });
  else if (points.length === 0 && problems.length === 0) {
    problems.push({ line: header, col: 1, column: '', message: 'has no rows after the header', expected: HEADER_EXPECTED });
  }
  if (problems.length > MAX_PROBLEMS) {
    const more = problems.length - MAX_PROBLEMS;
    const last = problems[MAX_PROBLEMS];
    const rest = { line: last.line, col: last.col, column: '', message: `and ${more} more problem${more === 1 ? '' : 's'} from here on` };
    return { ok: false, problems: [...problems.slice(0, MAX_PROBLEMS), rest] };
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, points };
}

function splitCells(raw: string): Cell[] {
  const cells: Cell[] = [];
  let start = 0;
  for (const part of raw.split(',')) {
    const lead = part.length - part.trimStart().length;
    cells.push({ text: part.trim(), col: start + lead + 1 });
    start += part.length + 1;
  }
  return cells;
}

interface State {
  points: RatePoint[];
  problems: CsvProblem[];
  order: { last: number | undefined };
}

/** Reads one row into `points`; its problems go to `problems`. */
function readRow(cells: Cell[], line: number, { points, problems, order }: State) {
  if (cells.length !== 2) {
    const message = `has ${cells.length} value${cells.length === 1 ? '' : 's'}, expected 2 (time,rate)`;
    problems.push({ line, col: 1, column: '', message, expected: 'rows like 0s,100/s' });
    return;
  }
  const [timeCell, rateCell] = cells;
  const time = readAmount(timeCell.text, 1000, (t) => parseDuration(t, { allowZero: true }), TIME_EXPECTED);
  const rate = readAmount(rateCell.text, 1 / 1000, (t) => parseRate(t, { allowZero: true }), RATE_EXPECTED);
  if (!time.ok) problems.push({ line, col: timeCell.col, column: 'time', message: time.message, expected: time.expected });
  if (!rate.ok) problems.push({ line, col: rateCell.col, column: 'rate', message: rate.message, expected: rate.expected });
  if (!time.ok) return;
  const outOfOrder = checkOrder(time.value, order.last, timeCell.text);
  order.last = time.value;
  if (outOfOrder !== undefined) problems.push({ line, col: timeCell.col, column: 'time', message: outOfOrder, expected: ORDER_EXPECTED });
  else if (rate.ok) points.push({ tMs: time.value, ratePerMs: rate.value });
}

/** A bare number times `unit`, or text read by `parse`; its messages use `expected`. */
function readAmount(text: string, unit: number, parse: (text: string) => Parsed, expected: string): Parsed {
  if (BARE_NUMBER.test(text)) {
    const value = Number(text) * unit;
    if (value < 0) return { ok: false, message: `must not be negative, got ${text}`, expected };
    // Hundreds of digits read as Infinity, which no rate curve can hold (the model assumes finite points).
    if (!Number.isFinite(value)) return { ok: false, message: `is too large, got ${describeValue(text)}`, expected };
    return { ok: true, value };
  }
  const parsed = parse(text);
  return parsed.ok ? parsed : { ...parsed, expected };
}

function checkOrder(tMs: number, last: number | undefined, text: string): string | undefined {
  if (last === undefined) return tMs === 0 ? undefined : `the first time must be 0, got ${text}`;
  return tMs > last ? undefined : `must be later than the row before (${last === 0 ? '0s' : formatDuration(last)}), got ${text}`;
}
