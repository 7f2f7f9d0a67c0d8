/**
 * Reading a scenario from disk (Node only; the browser passes text to parseScenario).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseScenario, type ParseResult } from './parse.js';

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'cannot find this file',
  EISDIR: 'is a folder, not a file',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied',
};

/**
 * Reads `path` as UTF-8 and parses it with parseScenario, using `path` in problem locations.
 * Files the scenario names (replay CSVs) are read relative to its folder. Never throws: a
 * missing or unreadable file is a single problem at line 1, column 1.
 */
export function loadScenarioFile(path: string): ParseResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const known = typeof code === 'string' ? READ_FAILURES[code] : undefined;
    const message = known ?? `cannot be read (${typeof code === 'string' ? code : String(error)})`;
    return {
      ok: false,
      problems: [{ file: path, line: 1, col: 1, path: '', message, expected: 'a readable scenario file, e.g. scenarios/three-tier.yaml' }],
    };
  }
  return parseScenario(text, path, { readFile: siblingReader(path) });
}

/** Reads files named relative to the scenario file's folder; undefined for any failure. */
export function siblingReader(scenarioPath: string): (relativePath: string) => string | undefined {
  const folder = dirname(scenarioPath);
  return (relativePath) => {
    try {
      return readFileSync(resolve(folder, relativePath), 'utf8');
    } catch {
      return undefined;
    }
  };
}
