/**
 * What to say when a path such as `load.3.spike.factor` leads nowhere, shared by setParam (which
 * walks the YAML) and the knobs' check (which walks the plain data), so both word it alike.
 */
import { suggest } from './suggest.js';

export interface Missing {
  message: string;
  expected: string;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Where the first `i` steps lead, in words: `the file` or `load.0`. */
const placeOf = (steps: readonly string[], i: number) => (i === 0 ? 'the file' : steps.slice(0, i).join('.'));
const missing = (steps: readonly string[], i: number) => `there is no ${steps.slice(0, i + 1).join('.')}`;

/** Step `i` names no key of the map there (`keys`): a did-you-mean, and the keys it has. */
export function noKey(steps: readonly string[], i: number, keys: readonly string[]): Missing {
  const guess = suggest(steps[i], keys);
  const listed = `${placeOf(steps, i)} has ${plural(keys.length, 'key')}: ${keys.join(', ')}`;
  return { message: missing(steps, i), expected: guess === undefined ? listed : `did you mean ${[...steps.slice(0, i), guess].join('.')}? ${listed}` };
}

/** Step `i` is no item number of the list there (`count` items): the numbers it has. */
export function noItem(steps: readonly string[], i: number, count: number): Missing {
  const here = placeOf(steps, i);
  const numbers = Array.from({ length: Math.min(count, 20) }, (_, n) => String(n)).join(', ') + (count > 20 ? ', ...' : '');
  return { message: missing(steps, i), expected: count === 0 ? `${here} is an empty list` : `${here} has ${plural(count, 'item')}: ${numbers}` };
}

/** The path goes on past a single value (`shown`, as written). */
export function noDeeper(steps: readonly string[], i: number, shown: string): Missing {
  return { message: missing(steps, i), expected: `${placeOf(steps, i)} is a single value${shown}, not a map or a list` };
}
