/**
 * Durations and rates as written in scenario files ("250ms", "30/s"), turned into the
 * engine's units: milliseconds and requests per millisecond.
 *
 * The parsers take `unknown` rather than `string` because a bare YAML number (`duration: 5`)
 * arrives as a number, and that is the most common mistake worth a precise message.
 */

/** The outcome of reading one value: the number, or plain words on what is wrong. */
export type Parsed =
  | { ok: true; value: number }
  | { ok: false; message: string; expected: string };

export const DURATION_EXPECTED = 'a duration like 250ms, 5s, 10m, 2h';
export const RATE_EXPECTED = 'a rate like 30/s, 1800/min, 100000/h';
export const SHARE_EXPECTED = 'a share like 20% or 0.2';

/** Milliseconds per duration unit. `m` is minutes: nothing in this domain needs metres or months. */
export const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Milliseconds per rate unit; `/m` and `/min` both mean per minute. */
export const RATE_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** JSON Schema patterns: exactly the strings the parsers accept, zero included. */
export const DURATION_PATTERN = '^\\d+(\\.\\d+)?\\s*(ms|s|m|h)$';
export const RATE_PATTERN = '^\\d+(\\.\\d+)?\\s*/\\s*(ms|s|m|min|h)$';
export const PERCENT_PATTERN = '^\\d+(\\.\\d+)?\\s*%$';

const NUMBER = '(-?\\d+(?:\\.\\d+)?)';
/** Looser than the patterns on purpose, so a near miss can be explained rather than rejected. */
const DURATION_SHAPE = new RegExp(`^${NUMBER}\\s*([a-zA-Zµ]*)$`);
const RATE_SHAPE = new RegExp(`^${NUMBER}\\s*(?:/\\s*([a-zA-Z]*))?\\s*([a-zA-Z]*)$`);
const PERCENT_SHAPE = new RegExp(`^${NUMBER}\\s*%$`);

/**
 * Reads a duration such as `250ms`, `1.5s`, `10m` or `2h` into milliseconds.
 * Fails (never throws) on bare numbers, missing or unknown units, negative values, and on
 * zero unless `allowZero` is set (zero makes sense inside distributions, not as a run length).
 */
export function parseDuration(raw: unknown, options: { allowZero?: boolean } = {}): Parsed {
  const fail = (message: string): Parsed => ({ ok: false, message, expected: DURATION_EXPECTED });
  if (typeof raw === 'number') return fail(`needs a unit, got the bare number ${raw}`);
  if (typeof raw !== 'string') return fail(`must be a duration, got ${describeValue(raw)}`);
  const text = raw.trim();
  const match = DURATION_SHAPE.exec(text);
  if (!match) return fail(`is not a duration, got ${describeValue(raw)}`);
  const [, digits, unit] = match;
  if (unit === '') return fail(`needs a unit, got the bare number ${digits}`);
  const scale = DURATION_UNITS[unit];
  if (scale === undefined) return fail(`has an unknown unit "${unit}" in "${text}"`);
  return checkAmount(Number(digits) * scale, text, options.allowZero === true, fail);
}

/**
 * Reads a rate such as `30/s`, `1800/min` (or `/m`), `100000/h` or `2/ms` into requests per
 * millisecond. Fails (never throws) on bare numbers, missing slash, unknown units, and on
 * values that are zero or negative.
 */
export function parseRate(raw: unknown, options: { allowZero?: boolean } = {}): Parsed {
  const fail = (message: string): Parsed => ({ ok: false, message, expected: RATE_EXPECTED });
  if (typeof raw === 'number') return fail(`needs a unit of time, got the bare number ${raw}`);
  if (typeof raw !== 'string') return fail(`must be a rate, got ${describeValue(raw)}`);
  const text = raw.trim();
  const match = RATE_SHAPE.exec(text);
  if (!match) return fail(`is not a rate, got ${describeValue(raw)}`);
  const [, digits, perUnit, bareUnit] = match;
  if (perUnit === undefined && bareUnit === '') {
    return fail(`needs a unit of time, got the bare number ${digits}`);
  }
  if (perUnit === undefined) return fail(`needs a slash before the unit, got "${text}"`);
  if (bareUnit !== '' || RATE_UNITS[perUnit] === undefined) {
    return fail(`has an unknown unit "/${perUnit}${bareUnit}" in "${text}"`);
  }
  const perMs = Number(digits) / RATE_UNITS[perUnit];
  return checkAmount(perMs, text, options.allowZero === true, fail);
}

/**
 * Reads a share of a whole, written as a percentage (`20%`) or a fraction (`0.2`), into a
 * fraction. Fails (never throws) on text that is neither, on values above 100% (a bare `85`
 * gets a hint to write `85%`), on negative values, and on zero unless `allowZero` is set.
 */
export function parseShare(raw: unknown, options: { allowZero?: boolean } = {}): Parsed {
  const fail = (message: string): Parsed => ({ ok: false, message, expected: SHARE_EXPECTED });
  const zeroOk = options.allowZero === true;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(`must be a share, got ${raw}`);
    if (raw > 1) return fail(`must be at most 1 (100%), got ${raw}; for a percentage write ${raw}%`);
    return checkAmount(raw, String(raw), zeroOk, fail);
  }
  if (typeof raw !== 'string') return fail(`must be a share, got ${describeValue(raw)}`);
  const text = raw.trim();
  const match = PERCENT_SHAPE.exec(text);
  if (!match) return fail(`is not a share, got ${describeValue(raw)}`);
  const percent = Number(match[1]);
  if (percent > 100) return fail(`must be at most 100%, got ${text}`);
  // 99.9 / 100 is 0.9990000000000001 in floating point: rounded to 15 digits it is the 0.999 the file means.
  return checkAmount(Number((percent / 100).toPrecision(15)), text, zeroOk, fail);
}

/** Writes a fraction back as a percentage: 0.85 → `85%`. */
export function formatShare(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(12))}%`;
}

/** Shared sign and size checks, so durations and rates word them the same way. */
function checkAmount(
  value: number,
  text: string,
  allowZero: boolean,
  fail: (message: string) => Parsed,
): Parsed {
  if (!Number.isFinite(value)) return fail(`is too large, got "${text}"`);
  if (value < 0) return fail(`must not be negative, got ${text}`);
  if (value === 0 && !allowZero) return fail(`must be more than 0, got ${text}`);
  return { ok: true, value };
}

/**
 * Names a raw YAML value in plain words for messages: `0`, `"abc"`, `a list`, `a map`,
 * `nothing`. Long text is shortened so one bad value cannot flood the terminal.
 */
export function describeValue(raw: unknown): string {
  if (raw === undefined || raw === null) return 'nothing';
  if (typeof raw === 'string') {
    const short = raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
    return JSON.stringify(short);
  }
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (Array.isArray(raw)) return 'a list';
  if (raw instanceof Date) return 'a date';
  if (typeof raw === 'object') return 'a map';
  return 'an unreadable value';
}

/** Writes milliseconds back in the largest unit that divides them evenly: 7200000 → `2h`. */
export function formatDuration(ms: number): string {
  for (const [unit, scale] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms !== 0 && ms % scale === 0) return `${ms / scale}${unit}`;
  }
  return `${ms}ms`;
}
