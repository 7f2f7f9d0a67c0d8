import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadScenarioFile } from '../scenario/load-file.js';
import { formatProblem } from '../scenario/format.js';
import { simulate } from '../model/simulate.js';
import { formatTable } from './table.js';
import { HELP } from './help.js';

/** Where the command writes; a parameter so tests can run it in-process. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** Bad command-line use: reported in one line with exit code 2. */
class UsageError extends Error {}

const OPTIONS = {
  seed: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  'max-events': { type: 'string' },
  'max-wall': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

function wholeNumber(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${text}"`);
  }
  return n;
}

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
    io.stderr(`brownout: internal error: ${(e as Error)?.message ?? e}\n` +
      `This is a bug in brownout, not in your scenario; please report it with the scenario file.\n`);
    if (process.env.BROWNOUT_DEBUG) io.stderr(`${(e as Error)?.stack}\n`);
    return 1;
  }
}

function command(argv: string[], io: Io, version: string): number {
  const { values, positionals } = parse(argv);
  if (values.help || positionals[0] === 'help') { io.stdout(HELP); return 0; }
  if (values.version) { io.stdout(`${version}\n`); return 0; }
  const [cmd, file, ...extra] = positionals;
  if (cmd === undefined) throw new UsageError('missing command: use "run FILE" or "validate FILE"');
  if (cmd !== 'run' && cmd !== 'validate') throw new UsageError(`unknown command "${cmd}" (expected run or validate)`);
  if (file === undefined) throw new UsageError(`${cmd}: missing scenario FILE`);
  if (extra.length > 0) throw new UsageError(`${cmd}: unexpected argument "${extra[0]}"`);
  if (cmd === 'validate' && (values.seed || values.json || values.out || values['max-events'] || values['max-wall'])) {
    throw new UsageError('validate takes only a FILE');
  }
  const seed = wholeNumber('seed', values.seed, 0);
  const maxEvents = wholeNumber('max-events', values['max-events'], 1);
  const maxWall = wholeNumber('max-wall', values['max-wall'], 1);

  const loaded = loadScenarioFile(file);
  if (!loaded.ok) {
    io.stderr(loaded.problems.map((p) => formatProblem(p)).join('\n') + '\n');
    const n = loaded.problems.length;
    io.stderr(`${n} problem${n === 1 ? '' : 's'} in ${file}\n`);
    return 2;
  }
  if (cmd === 'validate') { io.stderr(`${file}: ok\n`); return 0; }

  const started = performance.now();
  const result = simulate(loaded.scenario, { seed, maxEvents, maxWallMs: maxWall === undefined ? undefined : maxWall * 1000 });
  const wallMs = performance.now() - started;
  const json = JSON.stringify(result, null, 2) + '\n';
  if (values.out) writeFileSync(values.out, json);
  io.stdout(values.json ? json : formatTable(result, wallMs));
  if (result.status !== 'complete') {
    io.stderr(`brownout: stopped early: ${result.stopReason}\n`);
    return 2;
  }
  return 0;
}
