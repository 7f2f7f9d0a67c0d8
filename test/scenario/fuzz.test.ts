import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';

const threeTier = readFileSync('scenarios/three-tier.yaml', 'utf8');

/** Every storm and defence, users and business, and variants, so random edits reach their checks. */
const stormy = [
  'name: storms',
  'duration: 1h',
  'deadlines: propagate',
  'load:',
  '  - spike: { feature: browse, factor: 10, start: 5m, duration: 5m, ramp: 30s }',
  '  - step: { features: [browse], factor: 2, start: 10m }',
  '  - daily: { min: 0.4, max: 1.2, peakAt: 20h }',
  '  - replay: { feature: browse, file: rates.csv }',
  'faults:',
  '  - outage: { service: db, start: 10m, duration: 1m, mode: hang }',
  '  - capacity: { service: web, start: 5m, duration: 10m, lose: 2 }',
  '  - partition: { from: web, to: db, start: 5m, duration: 1m }',
  '  - cacheFlush: { service: db, at: 10m }',
  'shedding:',
  '  - { service: db, signal: utilization, above: 85%, below: 70%, for: 10s, shed: [optional] }',
  'currency: USD',
  'breaks: { saturation: 90%, sustain: 10s, errors: 1% }',
  'variants:',
  '  shed: { description: Shed more, patch: { shedding: [{ service: db, signal: queue, above: 10, below: 5, for: 1s }] } }',
  '  plain:',
  '    patch:',
  '      features: { browse: { timeout: null, users: { retry: null } } }',
  '      services: { q: null, web: { calls: [db] } }',
  'features:',
  '  browse: { rate: 120/s, entry: web, priority: optional, rateLimit: 100/s, timeout: 2s }',
  '  buy:',
  '    rate: 5/s',
  '    entry: web',
  '    users: { patience: { p50: 3s, p95: 10s }, retry: { probability: 40%, think: 5s, max: 2 }, conversion: [[1s, 100%], [3s, 80%]] }',
  '    value: { success: 40, degraded: 30 }',
  '    tickets: { failed: 2%, late: 1%, lateAfter: 1h }',
  '    churn: { failed: 1%, lifetimeValue: 250 }',
  '    slo: { success: 99.9%, within: 1s }',
  'services:',
  '  web:',
  '    workers: 8',
  '    instances: 2',
  '    autoscale: { target: 60%, min: 1, max: 4 }',
  '    serviceTime: 5ms',
  '    calls:',
  '      - to: db',
  '        retry: { attempts: 3, backoff: { exponential: 100ms, max: 5s }, jitter: full, budget: { ratio: 10% } }',
  '        breaker: true',
  '      - parallel: [db, { to: q, optional: true }]',
  '  db: { workers: 4, serviceTime: 5ms, cache: { keys: 100, ttl: 5m }, failover: { detection: 1s, switchover: 2s } }',
  '  q: { workers: 1, serviceTime: 1ms, messages: { retention: 4h } }',
].join('\n');

/** A reader that returns random CSV-like text (or nothing) for any name. */
const randomReader = (csv: string | undefined) => () => csv;

/** Never throws; either a scenario or at least one well-formed, jargon-free problem. */
function wellBehaved(text: string, csv?: string): boolean {
  const result = parseScenario(text, 'f.yaml', { readFile: randomReader(csv) });
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
      'load', 'faults', 'shedding', 'spike', 'replay', 'outage', 'parallel', 'retry', 'breaker', 'cache', '85%', 'true',
      'variants', 'patch', 'null', 'users', 'patience', 'p95', 'conversion', 'slo', 'value', 'tickets',
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('parseScenario on arbitrary input', () => {
  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => wellBehaved(text)), { numRuns: 2000 });
  });

  it('never throws on YAML-like fragments', () => {
    fc.assert(fc.property(yamlish, (text) => wellBehaved(text)), { numRuns: 2000 });
  });

  it('never throws on random edits of a real scenario', () => {
    const edit = fc.tuple(fc.nat(threeTier.length), fc.nat(15), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(edit, ([at, remove, insert]) => wellBehaved(threeTier.slice(0, at) + insert + threeTier.slice(at + remove))),
      { numRuns: 2000 },
    );
  });

  it('never throws on random edits of a storms-and-defences scenario, with random CSV', () => {
    expect(parseScenario(stormy, 'f.yaml', { readFile: () => 'time,rate\n0s,10/s\n' }).ok).toBe(true);
    const edit = fc.tuple(fc.nat(stormy.length), fc.nat(15), fc.string({ maxLength: 8 }));
    const csv = fc.option(fc.string({ unit: fc.constantFrom('time', 'rate', ',', '\n', '0', '5s', '/s', '-', 'x', ' ') , maxLength: 40 }), { nil: undefined });
    fc.assert(
      fc.property(edit, csv, ([at, remove, insert], text) => wellBehaved(stormy.slice(0, at) + insert + stormy.slice(at + remove), text)),
      { numRuns: 2000 },
    );
  });
});
