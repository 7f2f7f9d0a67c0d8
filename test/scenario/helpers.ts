import { formatProblem, parseScenario, type Scenario } from '../../src/scenario/index.js';

/** Joins lines into a YAML document, so tests can count lines and columns by eye. */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** The formatted problems of `text` (as file `x.yaml`); fails the test if it parses. */
export function problemsOf(text: string): string[] {
  const result = parseScenario(text, 'x.yaml');
  if (result.ok) throw new Error(`expected problems, but it parsed:\n${text}`);
  return result.problems.map(formatProblem);
}

/** The scenario parsed from `text`; fails the test with the problems if there are any. */
export function scenarioOf(text: string): Scenario {
  const result = parseScenario(text, 'x.yaml');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

/**
 * A small valid scenario, one key per line, with `services.api` last so tests can append
 * service keys. Line numbers: name 1, duration 2, features 3, lookup 4, services 5, api 6,
 * workers 7, serviceTime 8.
 */
export const BASE = [
  'name: t',
  'duration: 1h',
  'features:',
  '  lookup: { rate: 30/s, entry: api }',
  'services:',
  '  api:',
  '    workers: 4',
  '    serviceTime: 100ms',
];

/** BASE with line `n` (1-based) replaced, and optionally more lines after it. */
export function withLine(n: number, ...replacement: string[]): string {
  const lines = [...BASE];
  lines.splice(n - 1, 1, ...replacement);
  return yaml(...lines);
}
