import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchemaText } from '../../src/scenario/export-schema.js';
import {
  DEFAULTS, attemptsOf, bulkheadOf, clientOf, costPerHourOf, disciplineOf, faultsOf, instancesOf, loadsOf, maxWaitOf,
  priorityOf, propagatesDeadlines, retentionOf, sheddingOf, stepOf, timeoutOf, type Scenario,
} from '../../src/scenario/index.js';
import { BASE, scenarioOf, yaml } from './helpers.js';

/** Everything the accessors read, for one scenario: its feature's, its service's, their first call's. */
function resolved(s: Scenario) {
  const [feature] = s.features;
  const [service] = s.services;
  const client = clientOf(feature);
  return {
    deadlines: propagatesDeadlines(s),
    lists: [loadsOf(s), faultsOf(s), sheddingOf(s)],
    priority: priorityOf(feature),
    client: [timeoutOf(client), attemptsOf(client), bulkheadOf(client)],
    service: [instancesOf(service), disciplineOf(service), maxWaitOf(service), costPerHourOf(service), retentionOf(service)],
    step: stepOf(service.calls[0], 3),
  };
}

/** BASE with a consumer `q` that api calls, plus `extra` lines (top-level keys) and api keys. */
const withQueue = (api: string[], extra: string[] = []) =>
  yaml(...extra, ...BASE, ...api, '    calls: [q]', '  q: { workers: 1, serviceTime: 1ms, messages: {} }');

describe('resolve.ts: the optional fields of a normalised scenario', () => {
  it('a file that leaves them out reads as DEFAULTS', () => {
    expect(resolved(scenarioOf(withQueue([])))).toEqual({
      deadlines: false,
      lists: [[], [], []],
      priority: 'important',
      client: [Infinity, 1, Infinity],
      service: [1, 'fifo', Infinity, 0, Infinity],
      step: 3,
    });
    expect(DEFAULTS.feature.priority).toBe('important');
  });

  it('a file that writes the defaults out reads the same as one that leaves them out', () => {
    const written = withQueue(['    instances: 1', '    discipline: fifo', '    costPerHour: 0'], ['deadlines: ignore']);
    expect(resolved(scenarioOf(written.replace('entry: api', 'entry: api, priority: important')))).toEqual(resolved(scenarioOf(withQueue([]))));
  });

  it('given values win', () => {
    const text = withQueue(['    instances: 3', '    discipline: lifo', '    maxWait: 2s', '    costPerHour: 0.5'], ['deadlines: propagate'])
      .replace('entry: api', 'entry: api, priority: optional, timeout: 1s, retry: { attempts: 3 }, bulkhead: 4');
    const r = resolved(scenarioOf(text));
    expect([r.deadlines, r.priority, r.client, r.service]).toEqual([true, 'optional', [1000, 3, 4], [3, 'lifo', 2000, 0.5, Infinity]]);
    const q = scenarioOf(text.replace('messages: {}', 'messages: { retention: 4h }')).services[1];
    expect(retentionOf(q)).toBe(4 * 3_600_000);
  });

  it('shares no mutable default: DEFAULTS is frozen, and parsed lists are copies', () => {
    expect(Object.isFrozen(DEFAULTS.shedding.levels) && Object.isFrozen(DEFAULTS.feature.client)).toBe(true);
    const shedding = scenarioOf(yaml(...BASE, 'shedding:', '  - { service: api, signal: queue, above: 10, below: 5, for: 10s }')).shedding;
    expect(shedding?.[0].levels).toEqual(DEFAULTS.shedding.levels);
    expect(Object.isFrozen(shedding?.[0].levels)).toBe(false);
  });
});

describe('"Default: ..." in the schema descriptions', () => {
  it('are written from DEFAULTS (withDefault in defaults.ts), never by hand in the schema modules', () => {
    const handWritten = readdirSync('src/scenario')
      .filter((file) => file !== 'defaults.ts' && /Default:/.test(readFileSync(`src/scenario/${file}`, 'utf8')));
    expect(handWritten).toEqual([]);
  });

  it('follow the values, in the file\'s notation', () => {
    const schema = JSON.parse(scenarioJsonSchemaText());
    const autoscale = schema.properties.services.additionalProperties.properties.autoscale.properties;
    expect(autoscale.evaluate.description).toBe('How often it looks at utilization. Default: 30s.');
    expect(DEFAULTS.autoscale.evaluateMs).toBe(30_000);
    const text = scenarioJsonSchemaText();
    expect(text).toContain('Opens when this share of the window\'s requests failed. Default: 50%.');
    expect(text).toContain('Messages older than this are lost. Default: kept forever.');
    expect(text).toContain('Priorities shed, in order; core is never shed. Default: [optional, important].');
  });
});
