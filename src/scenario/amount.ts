/**
 * One amount written the way a scenario field holds it, when what kind of field it is for is
 * not known yet: a sweep's FROM and TO (`30s..5m`, `2..20`, `50%..90%`, `10/s..100/s`), a knob's
 * `from`, `to` and `step`, or the value a path holds. The kind is told by how it is written.
 */
import { describeValue, formatDuration, formatShare, parseDuration, parseRate, parseShare, type Parsed } from './units.js';

export type AmountKind = 'duration' | 'rate' | 'share' | 'number';

export interface Amount {
  kind: AmountKind;
  /** In engine units: ms, per ms, fractions, plain numbers. */
  value: number;
  /** As written (a YAML number as its digits). */
  text: string;
  /** A rate's unit of time as written (`s`, `min`...), so it can be written back the same way. */
  unit?: string;
}

export type ReadAmount = { ok: true; amount: Amount } | { ok: false; message: string; expected?: string };

export const AMOUNT_EXPECTED = 'a number (2), duration (30s), rate (10/s) or share (50%)';

/** Milliseconds per rate unit, for writing a rate back in the unit it was written in. */
const RATE_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * Reads `raw` (text, or a number as YAML gives it): `%` makes a share, `/` a rate, digits alone a
 * number, digits and letters a duration. Zero is allowed; negative numbers are numbers. Fails
 * (never throws) on anything else, with the units' own words for a near miss (`10/fortnight`).
 */
export function readAmount(raw: unknown): ReadAmount {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? { ok: true, amount: { kind: 'number', value: raw, text: String(raw) } } : notAmount(raw);
  }
  if (typeof raw !== 'string') return notAmount(raw);
  const text = raw.trim();
  const got = (kind: AmountKind, parsed: Parsed, unit?: string): ReadAmount =>
    parsed.ok ? { ok: true, amount: unit === undefined ? { kind, value: parsed.value, text } : { kind, value: parsed.value, text, unit } }
      : { ok: false, message: parsed.message, expected: parsed.expected };
  if (text.endsWith('%')) return got('share', parseShare(text, { allowZero: true }));
  if (text.includes('/')) return got('rate', parseRate(text, { allowZero: true }), text.slice(text.indexOf('/') + 1).trim());
  if (/^-?\d+(\.\d+)?$/.test(text)) return { ok: true, amount: { kind: 'number', value: Number(text), text } };
  if (/^\d+(\.\d+)?\s*[a-z]+$/.test(text)) return got('duration', parseDuration(text, { allowZero: true }));
  return notAmount(raw);
}

const notAmount = (raw: unknown): ReadAmount =>
  ({ ok: false, message: `${describeValue(raw)} is not a number, duration (30s), rate (10/s) or share (50%)` });

/** 12 significant digits: drops the float noise of arithmetic (0.30000000000000004 → 0.3). */
export const clean = (v: number): number => Number(v.toPrecision(12));

/**
 * How a value in engine units is written into a scenario file (what setParam is given): the
 * largest even unit for durations (`90s`), `unit` for rates (`45/s`; per second by default),
 * a percentage for shares (`62.5%`), the number itself otherwise.
 */
export function writeAmount(kind: AmountKind, value: number, unit = 's'): string | number {
  switch (kind) {
    case 'duration': return formatDuration(clean(value));
    case 'rate': return `${clean(value * (RATE_UNIT_MS[unit] ?? 1000))}/${unit}`;
    case 'share': return formatShare(value);
    case 'number': return clean(value);
  }
}
