/** Loading the scenario FILE for a command: its problems are printed as file:line:col lines. */
import { readFileSync } from 'node:fs';
import { formatProblem } from '../scenario/format.js';
import { loadScenarioFile } from '../scenario/load-file.js';
import type { Scenario } from '../scenario/types.js';
import type { Io } from './io.js';

/** The scenario and its file's text, or null after printing its problems (exit code 2). */
export function loadScenario(file: string, io: Io): { scenario: Scenario; text: string } | null {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) {
    io.stderr(loaded.problems.map((p) => formatProblem(p)).join('\n') + '\n');
    const n = loaded.problems.length;
    io.stderr(`${n} problem${n === 1 ? '' : 's'} in ${file}\n`);
    return null;
  }
  return { scenario: loaded.scenario, text: readFileSync(file, 'utf8') };
}
