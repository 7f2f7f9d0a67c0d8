/**
 * The schema's building blocks: strict maps that remember their keys, and one helper per kind
 * of value (durations, rates, shares, numbers, names, words from a set). Each node's error
 * message is a kind name from messages.ts, never prose; see issues.ts.
 */
import { z } from 'zod';
import type { KindName } from './messages.js';
import {
  DURATION_PATTERN,
  PERCENT_PATTERN,
  RATE_PATTERN,
  parseDuration,
  parseRate,
  parseShare,
  type Parsed,
} from './units.js';

/** Feature and service names: plain words, so paths like `services.api.workers` stay readable. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]*$';
export const NAME_EXPECTED = 'a name of letters, digits, - and _, starting with a letter or digit';

/** Keys each fixed-key map accepts, for "did you mean" on unknown keys. */
export const knownKeys = new Map<string, readonly string[]>();

export const tag = (kind: KindName) => ({ error: kind });

export function strict<S extends z.ZodRawShape>(kind: KindName, shape: S) {
  knownKeys.set(kind, Object.keys(shape));
  return z.strictObject(shape, tag(kind));
}

/**
 * A custom issue whose message is already plain words (not a kind name). `soft` ones only
 * matter when the map has no misspelt key, which would explain them (see Draft.softFor).
 */
export function complain(ctx: z.RefinementCtx, message: string, expected: string, path: (string | number)[] = [], soft = false) {
  ctx.addIssue({ code: 'custom', message, path, params: soft ? { expected, soft } : { expected } });
}

/** Text checked by `pattern` for editors, then read by `parse`; a failed read reports `kind`. */
function parsedText(kind: KindName, pattern: string, parse: (text: string) => Parsed, meta: z.GlobalMeta) {
  return z
    .string(tag(kind))
    .regex(new RegExp(pattern), tag(kind))
    .meta(meta)
    .transform((text, ctx) => {
      const parsed = parse(text);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: kind });
      return z.NEVER;
    });
}

/** A duration string, read into milliseconds. */
export function duration(kind: KindName, allowZero: boolean, description: string) {
  const meta = { description, examples: ['250ms', '5s', '10m'] };
  return parsedText(kind, DURATION_PATTERN, (text) => parseDuration(text, { allowZero }), meta);
}

/** A duration that may be zero. */
export const sample = (description: string) => duration('sampleDuration', true, description);
/** A duration that must be more than zero. */
export const scale = (description: string) => duration('scaleDuration', false, description);
/** A moment in the run, counted from its start (zero allowed). */
export const startTime = (description: string) => duration('startTime', true, description);

/** A rate string, read into requests per millisecond. */
export const rateOf = (description: string) =>
  parsedText('rate', RATE_PATTERN, (text) => parseRate(text), { description, examples: ['30/s', '1800/min'] });

export const rate = rateOf('Requests per unit of time, arriving at random (Poisson).');

/** A share written `85%` or `0.85`, read into a fraction in (0, 1], or [0, 1] with `allowZero`. */
export function share(kind: KindName, description: string, allowZero = false) {
  const least = z.number(tag(kind));
  const fraction = (allowZero ? least.min(0, tag(kind)) : least.gt(0, tag(kind))).max(1, tag(kind));
  return z
    .union([fraction, z.string(tag(kind)).regex(new RegExp(PERCENT_PATTERN), tag(kind))], tag(kind))
    .meta({ description, examples: ['20%', 0.2] })
    .transform((raw, ctx) => {
      const parsed = parseShare(raw, { allowZero });
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: kind });
      return z.NEVER;
    });
}

export const text = (kind: KindName, description: string) =>
  z.string(tag(kind)).trim().min(1, tag(kind)).meta({ description });

export const serviceRef = (description: string) => z.string(tag('serviceRef')).min(1, tag('serviceRef')).meta({ description });
export const featureRef = (description: string) => z.string(tag('featureRef')).min(1, tag('featureRef')).meta({ description });

export const wholeNumber = (kind: KindName, least: number, description: string) =>
  z.int(tag(kind)).min(least, tag(kind)).meta({ description });

/** Any number (fractions allowed) of at least `least`. */
export const number = (kind: KindName, least: number, description: string) =>
  z.number(tag(kind)).min(least, tag(kind)).meta({ description });

/** One word out of a fixed set. */
export const choice = <const T extends readonly [string, ...string[]]>(kind: KindName, options: T, description: string) =>
  z.enum(options, tag(kind)).meta({ description });

export const flag = (description: string) => z.boolean(tag('flag')).meta({ description });

/** The keys of a checked map that hold a value. */
export function given<T extends object>(map: T, keys: readonly (keyof T & string)[]): string[] {
  return keys.filter((key) => map[key] !== undefined);
}

/** `{ a: 1, b: undefined }` → `{ a: 1 }`: leaves out absent optional fields of a normalised value. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
