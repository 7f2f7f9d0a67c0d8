/**
 * Building blocks for the plain-words kinds in messages.ts and its companions: each takes
 * the raw value the user wrote and says what is wrong with it (undefined: nothing).
 */
import { suggest } from './suggest.js';
import { describeValue, parseDuration, parseRate, parseShare } from './units.js';

export interface Kind {
  /** What a correct value looks like; shown in brackets after the message. */
  expected: string;
  /** What is wrong with `raw` in plain words, or undefined when this kind sees no fault. */
  explain(raw: unknown): string | undefined;
  /** What an unknown key inside this map is called ("key" unless said otherwise). */
  keyNoun?: string;
  /** `expected` fitted to the value written, e.g. a did-you-mean; `expected` when undefined. */
  expectedFor?(raw: unknown): string | undefined;
}

/** True for a YAML map read into a plain object (not a list, not null). */
export function isMap(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Date);
}

export const mapOf = (what: string) => (raw: unknown) =>
  isMap(raw) ? undefined : `must be ${what}, got ${describeValue(raw)}`;

/** A map kind: `expected` shows an example, `what` names the map in the message. */
export const mapKind = (example: string, what: string, keyNoun?: string): Kind => ({
  expected: example,
  explain: mapOf(what),
  ...(keyNoun === undefined ? {} : { keyNoun }),
});

const got = (raw: unknown) => (typeof raw === 'string' ? `the text ${describeValue(raw)}` : describeValue(raw));

export const wholeNumber = (least: number) => (raw: unknown) => {
  const ok = typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= least;
  if (ok) return undefined;
  return least === 1
    ? `must be a whole number of at least 1, got ${got(raw)}`
    : `must be a whole number of ${least} or more, got ${got(raw)}`;
};

/** Any finite number of at least `least` (fractions allowed). */
export const numberFrom = (least: number) => (raw: unknown) => {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return `must be a number, got ${got(raw)}`;
  return raw < least ? `must be ${least} or more, got ${raw}` : undefined;
};

export const text = (raw: unknown) => {
  if (typeof raw !== 'string') return `must be text, got ${describeValue(raw)}`;
  return raw.trim() === '' ? 'must not be empty' : undefined;
};

export const duration = (allowZero: boolean) => (raw: unknown) => {
  const parsed = parseDuration(raw, { allowZero });
  return parsed.ok ? undefined : parsed.message;
};

export const rate = (raw: unknown) => {
  const parsed = parseRate(raw);
  return parsed.ok ? undefined : parsed.message;
};

export const share = (raw: unknown) => {
  const parsed = parseShare(raw);
  return parsed.ok ? undefined : parsed.message;
};

/** A list of `item`s (singular noun), optionally non-empty. */
export const list = (item: string, atLeastOne: boolean) => (raw: unknown) => {
  if (typeof raw === 'string') return `must be a list, got the single value ${describeValue(raw)}`;
  if (!Array.isArray(raw)) return `must be a list of ${item}s, got ${describeValue(raw)}`;
  return atLeastOne && raw.length === 0 ? `must list at least one ${item}` : undefined;
};

/** `"a", "b" or "c"` without quotes: `a, b or c`. */
export const orList = (options: readonly string[]) =>
  options.length <= 1 ? options.join('') : `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`;

/** One word out of a fixed set, e.g. fifo or lifo; `noun` names one such word. */
export const oneOf = (options: readonly string[], noun: string): Kind => ({
  expected: `one of ${orList(options)}`,
  explain: (raw: unknown) => (typeof raw === 'string' && options.includes(raw) ? undefined : `${describeValue(raw)} is not a ${noun}`),
  expectedFor: (raw: unknown) => {
    const guess = typeof raw === 'string' ? suggest(raw, options) : undefined;
    return guess === undefined ? undefined : `did you mean "${guess}"?`;
  },
});

export const name = (noun: string) => (raw: unknown) =>
  typeof raw === 'string' && raw !== '' ? undefined : `must be a ${noun} name, got ${describeValue(raw)}`;
