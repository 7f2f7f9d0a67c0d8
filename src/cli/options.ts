/** The command line's options: which commands take which, and their checked values. */
import { parseArgs } from 'node:util';
import type { Shard } from '../outcomes/experiment.js';
import type { Budgets } from '../outcomes/local-batch.js';
import { listOption, shardOption, UsageError, wholeNumber } from './usage.js';

const OPTIONS = {
  seed: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  all: { type: 'boolean' },
  out: { type: 'string' },
  runs: { type: 'string' },
  threads: { type: 'string' },
  shard: { type: 'string' },
  variants: { type: 'string' },
  variant: { type: 'string' },
  param: { type: 'string' },
  'max-events': { type: 'string' },
  'max-wall': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type Name = keyof typeof OPTIONS;

const EXPERIMENT: Name[] = ['seed', 'json', 'csv', 'all', 'out', 'runs', 'threads', 'shard', 'max-events', 'max-wall'];

/** The options each command takes. */
export const ACCEPTS: Record<string, Name[]> = {
  validate: [],
  run: [...EXPERIMENT, 'variant'],
  compare: [...EXPERIMENT, 'variants'],
  sweep: [...EXPERIMENT, 'param'],
  brief: ['seed', 'out', 'runs', 'threads', 'variants', 'max-events', 'max-wall'],
  merge: ['json', 'csv', 'all', 'out', 'threads', 'max-events', 'max-wall'],
};

/** Checked option values. */
export interface CommandOptions {
  seed?: number;
  json: boolean;
  csv: boolean;
  /** Tables show every metric, not just the headline ones. */
  all: boolean;
  out?: string;
  runs?: number;
  /** Worker threads (default: os.availableParallelism()). */
  threads?: number;
  shard?: Shard;
  variants?: string[];
  /** `run --variant NAME`: run this declared variant instead of the base. */
  variant?: string;
  param?: string;
  budgets: Budgets;
}

export function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

type Values = ReturnType<typeof parseCommandLine>['values'];

/** The values of `cmd`'s options, refusing options it does not take and values out of range. */
export function commandOptions(cmd: string, values: Values): CommandOptions {
  const given = (Object.keys(values) as Name[]).filter((k) => values[k] !== undefined && k !== 'help' && k !== 'version');
  const foreign = given.find((k) => !ACCEPTS[cmd].includes(k));
  if (foreign) throw new UsageError(cmd === 'validate' ? 'validate takes only a FILE' : `${cmd} does not take --${foreign}`);
  if (values.json && values.csv) throw new UsageError(`${cmd}: --json and --csv are two formats: give one`);
  const maxWall = wholeNumber('max-wall', values['max-wall'], 1);
  const options: CommandOptions = {
    seed: wholeNumber('seed', values.seed, 0),
    json: values.json === true,
    csv: values.csv === true,
    all: values.all === true,
    out: values.out,
    runs: wholeNumber('runs', values.runs, 1),
    threads: wholeNumber('threads', values.threads, 1),
    shard: shardOption(values.shard),
    variants: listOption('variants', values.variants),
    variant: values.variant,
    param: values.param,
    budgets: { maxEvents: wholeNumber('max-events', values['max-events'], 1), maxWallMs: maxWall === undefined ? undefined : maxWall * 1000 },
  };
  if (options.shard && options.csv) throw new UsageError(`${cmd}: --shard writes a shard file (JSON) to merge later; --csv comes with merge`);
  return options;
}
