/**
 * Whole-file checks of the presentation keys: each knob's path exists and holds one value of
 * the knob's kind, and the file stays valid at both ends of the slider (workers from 0, or an
 * error rate from 0%, would hand the user a slider that breaks the file); each story step falls
 * inside the run. They concern the file itself: variants share its knobs and story, and a knob
 * sets the file before any variant's patch applies. Like semantics.ts they read the plain data
 * defensively, so they report even when other parts of the file are wrong.
 */
import { readAmount, writeAmount, type AmountKind } from './amount.js';
import { formatPath } from './format.js';
import { isMap } from './messages.js';
import { noDeeper, noItem, noKey, type Missing } from './path-words.js';
import { describeValue, formatDuration, parseDuration } from './units.js';
import type { Draft, Path } from './yaml-tree.js';

/** Every check of a file's plain data, its variants' included: what a knob's end must pass. */
export type CheckAll = (data: unknown) => Draft[];

/**
 * The problems of `data`'s knobs and story. The knobs' ends are tried with `checkAll` only when
 * the rest of the file has no problem (`fileDrafts` holds the file's, its variants' included):
 * in a file with problems, what a changed value adds cannot be told reliably from what those
 * already cause. The knobs' and story's own problems do not count, and are not blamed on an end.
 */
export function checkPresentation(data: unknown, fileDrafts: readonly Draft[], checkAll: CheckAll): Draft[] {
  if (!isMap(data)) return [];
  const knobs = Array.isArray(data.knobs) ? data.knobs : [];
  const checked = knobs.map((knob: unknown, i) => (isMap(knob) ? checkKnob(data, knob, ['knobs', i]) : { drafts: [], ends: [] }));
  const ownKey = (d: Draft) => d.path[0] === 'knobs' || d.path[0] === 'story';
  const ends = fileDrafts.every(ownKey) ? checked.flatMap((c) => c.ends) : [];
  const known = new Set(fileDrafts.map(signature));
  const added: CheckAll = (patched) => checkAll(patched).filter((d) => !known.has(signature(d)));
  return [...checked.flatMap((c) => c.drafts), ...tryEnds(data, ends, added), ...checkStory(data)];
}

const signature = (d: Draft) => JSON.stringify([d.path, d.locate, d.at, d.message]);

/** One end of a knob to try: the value written at `at` (`knobs[i].from`), set at `path`. */
interface End {
  path: Path;
  param: string;
  raw: unknown;
  at: Path;
}

const KIND_NOUN: Record<AmountKind, string> = { duration: 'a duration', rate: 'a rate', share: 'a share', number: 'a number' };

/** A knob's problems with its path and kind, or else its two ends, to be tried. */
function checkKnob(data: Record<string, unknown>, knob: Record<string, unknown>, at: Path): { drafts: Draft[]; ends: End[] } {
  const none = { drafts: [], ends: [] };
  const fail = (message: string, expected: string) => ({ drafts: [{ path: [...at, 'param'], at: 'value' as const, message, expected }], ends: [] });
  if (typeof knob.param !== 'string') return none;
  const param = knob.param.trim();
  const steps = param.split('.');
  if (steps.some((step) => step === '')) return none;
  if (steps[0] === 'variants') return fail('cannot be in variants', 'a path outside variants: a knob sets the file, and each variant\'s patch applies on top');
  const found = walk(data, steps);
  if (!found.ok) return fail(found.message, found.expected);
  const kind = kindOfValue(found.value);
  if (kind === undefined) {
    const inside = isMap(found.value) ? `, e.g. ${param}.${Object.keys(found.value)[0] ?? 'KEY'}` : '';
    return fail(`holds ${describeValue(found.value)}, not a single number, duration, rate or share`, `a path to one value${inside}`);
  }
  const from = readAmount(knob.from), to = readAmount(knob.to);
  // A from or to that is not an amount at all is the schema's problem.
  if (!from.ok || !to.ok) return none;
  if (!fits(kind, from.amount.kind)) {
    const current = readAmount(found.value);
    const message = `is ${KIND_NOUN[from.amount.kind]} (${from.amount.text}), but ${param} holds ${KIND_NOUN[kind]} (${describeValue(found.value)})`;
    const expected = `from and to written like the value, e.g. ${current.ok ? around(current.amount.kind, current.amount.value) : 'from: 1, to: 10'}`;
    return { drafts: [{ path: [...at, 'from'], at: 'value', message, expected }], ends: [] };
  }
  // to of another kind than from is the schema's problem; both ends are tried only when both fit.
  if (from.amount.kind !== to.amount.kind) return none;
  return { drafts: [], ends: (['from', 'to'] as const).map((end) => ({ path: found.path, param, raw: knob[end], at: [...at, end] })) };
}

/** A share field may be written as a fraction, so a number knob fits it, and a share knob a number field. */
const fits = (field: AmountKind, knob: AmountKind) =>
  field === knob || ((field === 'number' || field === 'share') && (knob === 'number' || knob === 'share'));

/** The kind of one value as the file writes it; undefined for maps, lists, words and the like. */
function kindOfValue(value: unknown): AmountKind | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const read = readAmount(value);
  return read.ok ? read.amount.kind : undefined;
}

/** `from: ¼ of the value, to: 4 times it`, written in the value's kind. */
function around(kind: AmountKind, value: number): string {
  const write = (v: number) => String(writeAmount(kind, v));
  if (kind === 'share') return 'from: 10%, to: 100%';
  if (kind === 'number' && Number.isInteger(value)) return `from: ${Math.max(1, Math.floor(value / 4))}, to: ${Math.max(2, value * 4)}`;
  return value > 0 ? `from: ${write(value / 4)}, to: ${write(value * 4)}` : 'from: 1, to: 10';
}

/**
 * Each end problem: the file with every knob's `from` set at once, then with every `to`; only
 * when that has problems is each knob tried alone (so a file whose ends are all fine costs two
 * checks, and knobs that only clash with one another are not blamed).
 */
function tryEnds(data: Record<string, unknown>, ends: readonly End[], checkAll: CheckAll): Draft[] {
  return (['from', 'to'] as const).flatMap((side) => {
    const group = ends.filter((e) => e.at[e.at.length - 1] === side);
    const together = group.reduce<unknown>((d, e) => withValue(d, e.path, e.raw), data);
    return group.length === 0 || checkAll(together).length === 0 ? [] : group.flatMap((e) => tryEnd(data, e, checkAll));
  });
}

/** The file with one knob at one end: the first problem that adds (one at the knob's path first), placed on that end. */
function tryEnd(data: Record<string, unknown>, { path, param, raw, at }: End, checkAll: CheckAll): Draft[] {
  const problems = checkAll(withValue(data, path, raw));
  const where = (d: Draft) => d.locate ?? d.path;
  const below = (d: Draft) => path.every((step, i) => where(d)[i] === step);
  const first = problems.find(below) ?? problems[0];
  if (first === undefined) return [];
  const elsewhere = below(first) ? '' : ` (at ${formatPath(where(first))})`;
  const message = `sets ${param} to ${describeValue(raw)}, which the file cannot take: ${first.message}${elsewhere}`;
  const end = at[at.length - 1];
  return [{ path: at, at: 'value', message, expected: `a ${end} that keeps the file valid${first.expected === undefined ? '' : `: ${first.expected}`}` }];
}

/** A copy of `data` with `value` at `path`; only the maps and lists on the way are copied. */
function withValue(data: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [step, ...rest] = path;
  if (Array.isArray(data)) return data.map((item, i) => (i === step ? withValue(item, rest, value) : item));
  const map = data as Record<string, unknown>;
  return { ...map, [step]: withValue(map[step], rest, value) };
}

type Walked = { ok: true; path: Path; value: unknown } | ({ ok: false } & Missing);

/** The value at a knob's path in the plain data, or why there is none (worded as setParam words it). */
function walk(data: unknown, steps: string[]): Walked {
  let current = data;
  const path: (string | number)[] = [];
  for (const [i, step] of steps.entries()) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(step) || Number(step) >= current.length) return { ok: false, ...noItem(steps, i, current.length) };
      current = current[Number(step)];
      path.push(Number(step));
    } else if (isMap(current)) {
      if (!Object.hasOwn(current, step)) return { ok: false, ...noKey(steps, i, Object.keys(current)) };
      current = current[step];
      path.push(step);
    } else {
      return { ok: false, ...noDeeper(steps, i, ` (${describeValue(current)})`) };
    }
  }
  return { ok: true, path, value: current };
}

/** Each story step at or before the end of the run. */
function checkStory(data: Record<string, unknown>): Draft[] {
  const run = parseDuration(data.duration);
  if (!run.ok || !Array.isArray(data.story)) return [];
  return data.story.flatMap((step: unknown, i): Draft[] => {
    const at = parseDuration(isMap(step) ? step.at : undefined, { allowZero: true });
    if (!at.ok || at.value <= run.value) return [];
    const end = formatDuration(run.value);
    return [{ path: ['story', i, 'at'], at: 'value', message: `comes after the run ends (duration: ${end})`, expected: `a time from 0s to ${end}` }];
  });
}
