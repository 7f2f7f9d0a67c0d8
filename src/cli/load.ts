/** Loading the scenario FILE for a command: its problems are printed as file:line:col lines. */
import { readFileSync } from 'node:fs';
import { formatProblem } from '../scenario/format.js';
import { quickParse } from '../scenario/quick.js';
import type { Scenario } from '../scenario/types.js';
import { deferred } from './deferred.js';
import type { Io } from './io.js';

/**
 * The scenario and its file's text, or null after printing its problems (exit code 2). A valid
 * file of the core keys is read by the quick path without the zod schema; any other file,
 * or any unreadable one, by the full parser, which gives the same scenario or every problem.
 */
export function loadScenario(file: string, io: Io): { scenario: Scenario; text: string } | null {
  const text = readText(file);
  const quick = text === undefined ? undefined : quickParse(text);
  if (quick !== undefined && text !== undefined) return { scenario: quick, text };
  const loaded = deferred.fullParser().loadScenarioFile(file);
  if (!loaded.ok) {
    io.stderr(loaded.problems.map((p) => formatProblem(p)).join('\n') + '\n');
    const n = loaded.problems.length;
    io.stderr(`${n} problem${n === 1 ? '' : 's'} in ${file}\n`);
    return null;
  }
  return { scenario: loaded.scenario, text: text ?? readFileSync(file, 'utf8') };
}

/** The file's text; undefined when it cannot be read (the full parser says why). */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
