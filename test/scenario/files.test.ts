import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/scenario/index.js';
import { loadScenarioFile } from '../../src/scenario/load-file.js';
import { scenarioJsonSchemaText } from '../../src/scenario/export-schema.js';

describe('loadScenarioFile', () => {
  it('reports a missing file at 1:1', () => {
    const result = loadScenarioFile('scenarios/no-such-file.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual([
      'scenarios/no-such-file.yaml:1:1: cannot find this file (a readable scenario file, e.g. scenarios/three-tier.yaml)',
    ]);
  });

  it('reports a folder at 1:1', () => {
    const result = loadScenarioFile('scenarios');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'scenarios:1:1: is a folder, not a file (a readable scenario file, e.g. scenarios/three-tier.yaml)',
    ]);
  });

  it('uses the path it was given in problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brownout-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'name: t\nduration: 5\n');
    const result = loadScenarioFile(path);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toContain(
      `${path}:2:11: duration: needs a unit, got the bare number 5 (a duration like 250ms, 5s, 10m, 2h)`,
    );
  });
});

describe('formatProblem', () => {
  it('leaves out the path for whole-file problems and the brackets when nothing is expected', () => {
    expect(formatProblem({ file: 'f.yaml', line: 1, col: 1, path: '', message: 'the file is empty' })).toBe(
      'f.yaml:1:1: the file is empty',
    );
    expect(formatProblem({ file: 'f.yaml', line: 3, col: 5, path: 'a.b', message: 'is odd', expected: 'even' })).toBe(
      'f.yaml:3:5: a.b: is odd (even)',
    );
  });
});

describe('schema/scenario.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` to refresh)', () => {
    expect(readFileSync('schema/scenario.schema.json', 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('describes fields and uses patterns for durations and rates, for editor completion', () => {
    const schema = JSON.parse(scenarioJsonSchemaText());
    expect(schema.required).toEqual(['name', 'duration', 'features', 'services']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.duration.pattern).toBe('^\\d+(\\.\\d+)?\\s*(ms|s|m|h)$');
    const feature = schema.properties.features.additionalProperties;
    expect(feature.properties.rate.pattern).toMatch(/ms\|s\|m\|min\|h/);
    const service = schema.properties.services.additionalProperties;
    expect(Object.keys(service.properties)).toEqual([
      'workers', 'queue', 'serviceTime', 'calls', 'instances', 'discipline', 'maxWait', 'costPerHour', 'cache', 'messages', 'autoscale', 'failover',
    ]);
    // Draft 7 ignores keys beside $ref, hence the allOf wrapper that keeps the description.
    expect(service.properties.serviceTime.allOf[0].$ref).toBe('#/definitions/distribution');
    for (const field of Object.values(service.properties) as { description?: string }[]) {
      expect(field.description).toBeTruthy();
    }
    const durationPattern = new RegExp(schema.properties.duration.pattern);
    expect(['250ms', '5s', '10m', '2h', '1.5s'].every((d) => durationPattern.test(d))).toBe(true);
    expect(['5', '5sec', '-1s'].some((d) => durationPattern.test(d))).toBe(false);
  });

  it('describes users, business, breaks and variants, with the merge rule and defaults from DEFAULTS', () => {
    const schema = JSON.parse(scenarioJsonSchemaText());
    const feature = schema.properties.features.additionalProperties;
    expect(Object.keys(feature.properties).slice(-5)).toEqual(['users', 'value', 'tickets', 'churn', 'slo']);
    expect(Object.keys(schema.properties).slice(-5)).toEqual(['currency', 'breaks', 'variants', 'knobs', 'story']);
    expect(schema.properties.variants.description).toContain('JSON Merge Patch (RFC 7386)');
    expect(schema.properties.variants.additionalProperties.properties.patch.description).toContain('null deletes a key');
    expect(schema.properties.breaks.properties.saturation.description).toMatch(/Default: 90%\.$/);
    expect(schema.properties.currency.description).toMatch(/Default: value\.$/);
    const patience = feature.properties.users.properties.patience;
    expect(patience.anyOf.map((o: { $ref?: string; allOf?: { $ref: string }[]; type?: string }) => o.type ?? o.allOf?.[0].$ref)).toEqual([
      'string', '#/definitions/distributionMap', 'object',
    ]);
    expect(patience.description).toMatch(/Default: forever\.$/);
  });

  it('describes knobs and story, the presentation keys, with their required keys', () => {
    const schema = JSON.parse(scenarioJsonSchemaText());
    const knob = schema.properties.knobs.items;
    expect(knob.required).toEqual(['param', 'from', 'to']);
    expect(Object.keys(knob.properties)).toEqual(['param', 'from', 'to', 'step', 'label']);
    const amount = new RegExp(knob.properties.from.anyOf[1].pattern);
    expect(['30s', '10/s', '50%', '2', '1.5', '1800/min'].every((a) => amount.test(a))).toBe(true);
    expect(['30 seconds', 'ten', '5x'].some((a) => amount.test(a))).toBe(false);
    expect(schema.properties.story.items.required).toEqual(['at', 'text']);
  });
});
