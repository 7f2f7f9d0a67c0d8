import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';

const threeTier = readFileSync('scenarios/three-tier.yaml', 'utf8');

/** Never throws; either a scenario or at least one well-formed, jargon-free problem. */
function wellBehaved(text: string): boolean {
  const result = parseScenario(text, 'f.yaml');
  if (result.ok) return true;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.col).toBeGreaterThanOrEqual(1);
    expect(p.message).not.toMatch(/internal error|invalid_type|Invalid input|received|undefined|\[object/);
  }
  return true;
}

const yamlish = fc
  .array(
    fc.constantFrom(
      ':', ' ', '\n', '  ', '- ', '[', ']', '{', '}', ', ', '&a ', '*a', '"', "'", '#', '\t', '? ', '|', '---',
      'name', 'duration', 'services', 'features', 'api', 'calls', 'workers', 'serviceTime', 'entry', 'rate',
      'exponential', 'lognormal', 'p50', '__proto__', 'constructor', '5', '-1', '0', '5s', '30/s', '1h',
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('parseScenario on arbitrary input', () => {
  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), wellBehaved), { numRuns: 2000 });
  });

  it('never throws on YAML-like fragments', () => {
    fc.assert(fc.property(yamlish, wellBehaved), { numRuns: 2000 });
  });

  it('never throws on random edits of a real scenario', () => {
    const edit = fc.tuple(fc.nat(threeTier.length), fc.nat(15), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(edit, ([at, remove, insert]) => wellBehaved(threeTier.slice(0, at) + insert + threeTier.slice(at + remove))),
      { numRuns: 2000 },
    );
  });
});
