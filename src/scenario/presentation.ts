/**
 * Presentation keys (issue 9), which change nothing that is simulated: `knobs`, the sliders the
 * web app offers, and `story`, the steps of presentation mode. Here each item's own shape: a
 * knob's from, to and step of one kind with from below to; story steps in time order. Whether a
 * knob's path exists and holds a value of its kind, and whether a step falls inside the run,
 * need the whole file: see presentation-checks.ts.
 */
import { z } from 'zod';
import { readAmount, writeAmount, type Amount } from './amount.js';
import { complain, defined, startTime, strict, tag, text } from './fields.js';
import { PATH_SHAPE } from './messages-presentation.js';
import type { KnobSpec, StoryStep } from './types.js';
import { formatDuration } from './units.js';

/** Every form readAmount accepts, for editors: a number, or a duration, rate or share. */
const AMOUNT_PATTERN = '^-?\\d+(\\.\\d+)?\\s*(ms|s|m|h|%|/\\s*(ms|s|m|min|h))?$';

const amount = (description: string) =>
  z
    .union([z.number(tag('knobAmount')), z.string(tag('knobAmount')).regex(new RegExp(AMOUNT_PATTERN), tag('knobAmount'))], tag('knobAmount'))
    .meta({ description, examples: [1, '30s', '10/s', '50%'] })
    .transform((raw, ctx): Amount => {
      const read = readAmount(raw);
      if (read.ok) return read.amount;
      ctx.addIssue({ code: 'custom', message: 'knobAmount' });
      return z.NEVER;
    });

const knob = strict('knob', {
  param: z
    .string(tag('knobParam'))
    .trim()
    .regex(PATH_SHAPE, tag('knobParam'))
    .meta({ description: 'The value the slider sets, as a path like in sweep --param: services.db.workers, load.0.spike.factor.' }),
  from: amount('The slider\'s low end, written like the value: 1, 30s, 10/s or 50%.'),
  to: amount('The slider\'s high end, of the same kind as from.'),
  step: amount('Distance between slider positions (default: 1 for whole numbers, else about a twentieth of the range).').optional(),
  label: text('knobLabel', 'What the slider is called, in plain words (default: made from the path).').optional(),
})
  .superRefine(checkRange)
  .transform((k): KnobSpec => defined({
    param: k.param,
    kind: k.from.kind,
    from: k.from.value,
    to: k.to.value,
    step: k.step?.value,
    label: k.label,
    wholeText: [k.from, k.to, k.step].every((a) => a === undefined || (a.kind === 'number' && Number.isInteger(a.value))),
    unit: k.from.unit,
  }));

type KnobInput = { from: Amount; to: Amount; step?: Amount };

const KIND_NOUN = { duration: 'a duration', rate: 'a rate', share: 'a share', number: 'a number' } as const;

/** from, to and step of one kind; from below to; a step above 0 that fits in the range. */
function checkRange({ from, to, step }: KnobInput, ctx: z.RefinementCtx) {
  // zod may refine a knob whose from, to or step was not read: its own problem says why.
  const read = (a: Amount | undefined) => typeof a?.value === 'number';
  if (!read(from) || !read(to) || (step !== undefined && !read(step))) return;
  const example = 'from: 30s, to: 10m, or from: 1, to: 20';
  // true when `a` is of from's kind; else says so, at `key`.
  const kindOf = (key: 'to' | 'step', a: Amount) => {
    if (a.kind === from.kind) return true;
    complain(ctx, `is ${KIND_NOUN[a.kind]} (${a.text}), but from is ${KIND_NOUN[from.kind]} (${from.text})`, `from, to and step of one kind, e.g. ${example}`, [key]);
    return false;
  };
  const show = (v: number) => String(writeAmount(from.kind, v, from.unit));
  const span = to.value - from.value;
  if (kindOf('to', to) && span <= 0) {
    complain(ctx, `must be more than from (${from.text}), got ${to.text}`, `from is the slider's low end and to its high end, e.g. ${example}`, ['to']);
  }
  if (step === undefined || !kindOf('step', step)) return;
  const like = to.kind === from.kind && span > 0 ? `a step like ${show(span / 20)}, or no step` : 'a step more than 0, or no step';
  if (step.value <= 0) complain(ctx, `must be more than 0, got ${step.text}`, like, ['step']);
  else if (to.kind === from.kind && span > 0 && step.value > span) {
    complain(ctx, `is more than the whole range ${from.text} to ${to.text} (${show(span)})`, like, ['step']);
  }
}

export const knobs = z
  .array(knob, tag('knobList'))
  .min(1, tag('knobList'))
  .meta({
    description: 'The sliders the web app offers for this scenario, e.g. - { param: load.0.spike.factor, from: 1, to: 20, label: Spike size }. ' +
      'Without knobs the app offers sliders made from the file\'s storms and services.',
  });

const storyStep = strict('storyStep', {
  at: startTime('When to say it, counted from the start of the run, e.g. 5m.'),
  text: text('storyText', 'What to say, e.g. a question to ask the class before the reveal.'),
}).transform((s): StoryStep => ({ atMs: s.at, text: s.text }));

/** Steps strictly in time order; the problem sits on the step that comes too early. */
function checkOrder(steps: StoryStep[], ctx: z.RefinementCtx) {
  steps.forEach((step, i) => {
    // A step that is not valid itself reaches here unread (no atMs): its own problem says why.
    const before = steps[i - 1]?.atMs;
    if (typeof before !== 'number' || typeof step.atMs !== 'number' || step.atMs > before) return;
    const message = `must be later than the step before it (${formatDuration(before)}), got ${formatDuration(step.atMs)}`;
    complain(ctx, message, 'steps in the order they happen, each at its own time', [i, 'at']);
  });
}

export const story = z
  .array(storyStep, tag('storyList'))
  .min(1, tag('storyList'))
  .superRefine(checkOrder)
  .meta({ description: 'Steps of presentation mode, in time order: - { at: 5m, text: "Payments starts failing. What will checkout do?" }' });
