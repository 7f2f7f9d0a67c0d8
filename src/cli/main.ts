import { ExperimentError } from '../outcomes/errors.js';
import { briefCommand } from './commands/brief.js';
import { compareCommand } from './commands/compare.js';
import { runCommand } from './commands/run.js';
import { deferred } from './deferred.js';
import type { Context } from './experiment.js';
import { HELP } from './help.js';
import { processIo, type Io } from './io.js';
import { loadScenario } from './load.js';
import { ACCEPTS, commandOptions, parseCommandLine } from './options.js';
import { UsageError } from './usage.js';

export type { Io } from './io.js';

/**
 * Runs the `brownout` command with `argv` (without node and script) and returns the exit code:
 * 0 success, 2 invalid input or usage, 1 internal error. Never throws.
 */
export function main(argv: string[], io: Io = processIo, version = '0.0.0'): number {
  try {
    return command(argv, io, version);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`brownout: ${e.message}\nRun "brownout --help" for usage.\n`);
      return 2;
    }
    if (e instanceof ExperimentError) {
      io.stderr(`brownout: ${e.message}\n`);
      return 2;
    }
    io.stderr(`brownout: internal error: ${(e as Error)?.message ?? e}\n` +
      `This is a bug in brownout, not in your scenario; please report it with the scenario file.\n`);
    if (process.env.BROWNOUT_DEBUG) io.stderr(`${(e as Error)?.stack}\n`);
    return 1;
  }
}

const COMMANDS = Object.keys(ACCEPTS);

function command(argv: string[], io: Io, version: string): number {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help || positionals[0] === 'help') { io.stdout(HELP); return 0; }
  if (values.version) { io.stdout(`${version}\n`); return 0; }
  const [cmd, ...files] = positionals;
  if (cmd === undefined) throw new UsageError(`missing command: use ${COMMANDS.join(', ')}`);
  if (!COMMANDS.includes(cmd)) throw new UsageError(`unknown command "${cmd}" (expected ${COMMANDS.join(', ')})`);
  const ctx: Context = { io, version, opts: commandOptions(cmd, values) };
  if (cmd === 'merge') {
    if (files.length === 0) throw new UsageError('merge: missing SHARD.json files (written by run, compare or sweep with --shard K/N)');
    return deferred.mergeCommand().mergeCommand(files, ctx);
  }
  const [file, extra] = files;
  if (file === undefined) throw new UsageError(`${cmd}: missing scenario FILE`);
  if (extra !== undefined) throw new UsageError(`${cmd}: unexpected argument "${extra}"`);
  switch (cmd) {
    case 'validate': return validate(file, io);
    case 'compare': return compareCommand(file, ctx);
    case 'sweep': return deferred.sweepCommand().sweepCommand(file, ctx);
    case 'brief': return briefCommand(file, ctx);
    default: return runCommand(file, ctx);
  }
}

function validate(file: string, io: Io): number {
  if (!loadScenario(file, io)) return 2;
  io.stderr(`${file}: ok\n`);
  return 0;
}
