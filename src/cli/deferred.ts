/**
 * What only some invocations need, each behind a function: the full scenario parser (the zod
 * schema, which explains every problem of a file; building it is most of the start-up, issue
 * 11) and the sweep and merge commands (which re-parse scenarios with it). Plain imports here,
 * so the compiled dist/ and the tests behave as always; the bundle that bin/brownout.js runs
 * (scripts/bundle-cli.js) turns each `() => NAME` into a require of that module, which rolldown
 * evaluates on the first call, so `run` on a valid file (src/scenario/quick.ts) never loads zod.
 * Keep to the form `import * as NAME from 'SPEC'` and `key: () => NAME`: the bundler rewrites it.
 */
import * as fullParser from '../scenario/load-file.js';
import * as mergeCommand from './commands/merge.js';
import * as sweepCommand from './commands/sweep.js';

export const deferred = {
  fullParser: (): typeof fullParser => fullParser,
  mergeCommand: (): typeof mergeCommand => mergeCommand,
  sweepCommand: (): typeof sweepCommand => sweepCommand,
};
