/**
 * A sweep's axis from its spec `PATH=FROM..TO[:STEPS]`: FROM and TO in the field's own units
 * (`30s..5m`, `2..20`, `1.5..10`, `50%..90%`, `10/s..100/s`), STEPS (default 5, at least 2)
 * values evenly spaced from FROM to TO. A whole-number field (its value in the file is a whole
 * number and FROM and TO are written as whole numbers: write `2.0..5` for fractions) gets whole
 * values, repeats dropped.
 */
import { clean, readAmount, writeAmount, type Amount, type AmountKind } from '../scenario/amount.js';
import { ExperimentError } from './errors.js';

export interface SweepAxis {
  /** The spec as given. */
  spec: string;
  path: string;
  kind: AmountKind;
  whole: boolean;
  /** The swept values in engine units: ms, per ms, fractions, plain numbers. */
  values: number[];
  /** Bisection stops when the bracket is this narrow: 1% of the range, 1 for whole numbers. */
  tolerance: number;
  /** A value rounded as the axis allows (whole, or 12 significant digits). */
  snap(value: number): number;
  /** The value as written in a scenario file (what setParam is given): `30s`, `45/s`, `62.5%`, 7. */
  write(value: number): string | number;
  label(value: number): string;
}

export const SWEEP_SPEC = 'PATH=FROM..TO[:STEPS], e.g. services.api.workers=2..20:10 or load.0.spike.factor=1.5..10';
const SHAPE = /^([^=\s]+)=([^:]+?)\.\.([^:]+?)(?::(.*))?$/;
const DEFAULT_STEPS = 5;
const MAX_STEPS = 1000;

/** Parses the spec; `original` is the field's current value (readParam), which tells a whole-number field. */
export function sweepAxis(spec: string, original: unknown): SweepAxis {
  const fail = (why: string): never => { throw new ExperimentError(`sweep "${spec}": ${why}`); };
  const m = SHAPE.exec(spec.trim());
  if (!m) fail(`expected ${SWEEP_SPEC}`);
  const [, path, fromText, toText, stepsText] = m!;
  const from = amount(fromText, fail), to = amount(toText, fail);
  if (from.kind !== to.kind) fail(`FROM "${from.text}" and TO "${to.text}" must be the same kind of value (numbers, durations, rates or shares)`);
  if (stepsText !== undefined && !/^\d+$/.test(stepsText)) fail(`STEPS must be a whole number, got "${stepsText}"`);
  const steps = stepsText === undefined ? DEFAULT_STEPS : Number(stepsText);
  if (steps < 2 || steps > MAX_STEPS) fail(`STEPS must be from 2 to ${MAX_STEPS}, got ${steps}`);
  const whole = from.kind === 'number' && isWholeText(from.text) && isWholeText(to.text) &&
    (original === undefined || (typeof original === 'number' && Number.isInteger(original)));
  const snap = (v: number) => (whole ? Math.round(v) : clean(v));
  const values = dropRepeats(Array.from({ length: steps }, (_, i) => snap(from.value + ((to.value - from.value) * i) / (steps - 1))));
  if (values.length < 2) fail('FROM and TO must differ');
  const write = writer(from);
  return {
    spec, path, kind: from.kind, whole, values, snap, write,
    tolerance: whole ? 1 : Math.abs(to.value - from.value) / 100,
    label: (v) => String(write(v)),
  };
}

function amount(raw: string, fail: (why: string) => never): Amount {
  const read = readAmount(raw.trim());
  if (read.ok) return read.amount;
  return fail(read.expected === undefined ? read.message : `"${raw.trim()}" ${read.message} (${read.expected})`);
}

/** How a value is written back: in the unit of FROM for rates, the largest even unit for durations. */
const writer = (from: Amount) => (v: number): string | number => writeAmount(from.kind, v, from.unit);

const isWholeText = (text: string) => /^-?\d+$/.test(text);
const dropRepeats = (values: number[]) => values.filter((v, i) => i === 0 || v !== values[i - 1]);
