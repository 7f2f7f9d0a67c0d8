/**
 * One run as the JSON document `brownout run --json` prints (and `--out` writes), and the name
 * a variant's run goes by, so the CLI and the web app's export write the same file.
 */
import type { RunResult } from '../model/result.js';
import type { Outcomes } from './types.js';

/** The run's result with its `outcomes`, indented two spaces, ending in a newline. */
export function runJson(result: RunResult, outcomes: Outcomes): string {
  return JSON.stringify({ ...result, outcomes }, null, 2) + '\n';
}

/** The scenario name of a variant's run, `Name (variant NAME)`, so every table and report says which variant ran. */
export function variantTitle(scenario: string, variant: string): string {
  return `${scenario} (variant ${variant})`;
}
