/**
 * The scenario generators (scenarios.ts, scenario-rich.ts) generate only what the parser
 * produces: each generated scenario, written as a file (scenario-yaml.ts), parses without a
 * problem back to itself. So the model properties never test scenarios no file could hold.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatProblem, parseScenario } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/types.js';
import { richScenarioArb } from './scenario-rich.js';
import { alignLognormals, scenarioYaml } from './scenario-yaml.js';
import { scenarioArb } from './scenarios.js';

function roundTrip(s: Scenario): void {
  const { text, files } = scenarioYaml(s);
  const parsed = parseScenario(text, 'generated.yaml', { readFile: (name) => files.get(name) });
  if (!parsed.ok) throw new Error(`${parsed.problems.map(formatProblem).join('\n')}\n--- generated.yaml\n${text}`);
  expect(alignLognormals(parsed.scenario, s)).toEqual([]);
  expect(parsed.scenario).toEqual(s);
}

describe('generated scenarios are ones the parser produces', () => {
  it('plain scenarios', () => {
    fc.assert(fc.property(scenarioArb(), roundTrip), { numRuns: 100, seed: 1 });
  });

  it('scenarios with storms and defences', () => {
    fc.assert(fc.property(richScenarioArb(), roundTrip), { numRuns: 200 });
  });
});
