/**
 * docs/scenario-format.md cannot drift from the format: its tables are regenerated and compared,
 * checked against the zod shapes and DEFAULTS directly (not only through the JSON Schema the
 * generator reads), its units parsed, and its error examples run through the real CLI.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/scenario/defaults.js';
import { groupsOf, keyRows, splitDefault } from '../../src/scenario/format-doc-keys.js';
import { blockNames, generatedBlock, renderFormatDoc } from '../../src/scenario/format-doc.js';
import { knownKeys, scenarioJsonSchema } from '../../src/scenario/schema.js';
import { formatDuration, formatShare, parseDuration, parseRate } from '../../src/scenario/units.js';
import { cli } from '../cli/run-cli.js';

const PAGE = 'docs/scenario-format.md';
const page = readFileSync(PAGE, 'utf8');

/** The doc's key tables as path → cells (type, required, default, meaning). */
function rowsOfPage(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of page.split('\n')) {
    const match = /^\| `([^`]+)` \| (.*) \|$/.exec(line);
    if (match === null) continue;
    rows.set(match[1], match[2].split(/(?<!\\) \| /).map((cell) => cell.trim()));
  }
  return rows;
}

describe('docs/scenario-format.md', () => {
  it('is up to date with the schema (run `npm run docs` to refresh)', () => {
    expect(page).toBe(renderFormatDoc(page));
  });

  it('has one block per group of keys, plus units and errors, each once', () => {
    const names = blockNames(page);
    const groups = groupsOf(keyRows(scenarioJsonSchema()));
    expect([...names].sort()).toEqual(['errors', 'units', ...groups.map((g) => `keys:${g}`)].sort());
    expect(groups).toEqual(expect.arrayContaining(['top', 'features', 'services', 'call', 'retry', 'breaker', 'distribution', 'load', 'faults']));
  });

  it('lists every key of every map the zod schema declares', () => {
    const rows = rowsOfPage();
    // Where each strict map of the zod schema sits in the page; a new map must be placed here.
    const WHERE: Record<string, string> = {
      scenario: '', feature: 'features.NAME', service: 'services.NAME', callMap: 'call', parallelMap: 'services.NAME.calls[]',
      retry: 'retry', backoffMap: 'retry.backoff', budget: 'retry.budget', breakerMap: 'breaker',
      distributionMap: '', uniform: 'uniform', lognormal: 'lognormal',
      rateLimitMap: 'features.NAME.rateLimit', users: 'features.NAME.users', percentiles: 'features.NAME.users.patience',
      userRetry: 'features.NAME.users.retry', conversionMap: 'features.NAME.users.conversion[]', valueMap: 'features.NAME.value',
      tickets: 'features.NAME.tickets', churn: 'features.NAME.churn', slo: 'features.NAME.slo',
      cache: 'services.NAME.cache', messages: 'services.NAME.messages', autoscale: 'services.NAME.autoscale', failover: 'services.NAME.failover',
      spike: 'load[].spike', step: 'load[].step', ramp: 'load[].ramp', daily: 'load[].daily', replay: 'load[].replay',
      outage: 'faults[].outage', latencyFault: 'faults[].latency', errorsFault: 'faults[].errors', capacity: 'faults[].capacity',
      cacheFlush: 'faults[].cacheFlush', partition: 'faults[].partition',
      loadItem: 'load[]', faultItem: 'faults[]', shedding: 'shedding[]', breaks: 'breaks', variant: 'variants.NAME', knob: 'knobs[]', storyStep: 'story[]',
    };
    expect([...knownKeys.keys()].filter((kind) => WHERE[kind] === undefined)).toEqual([]);
    const missing = [...knownKeys].flatMap(([kind, keys]) =>
      keys.map((key) => (WHERE[kind] === '' ? key : `${WHERE[kind]}.${key}`)).filter((path) => !rows.has(path)),
    );
    expect(missing).toEqual([]);
    expect(knownKeys.get('feature')).toContain('rate');
  });

  it('states the defaults of DEFAULTS, in the file\'s own notation', () => {
    const fallback = (path: string) => rowsOfPage().get(path)?.[2];
    expect(fallback('seed')).toBe(String(DEFAULTS.scenario.seed));
    expect(fallback('deadlines')).toBe(DEFAULTS.scenario.deadlines);
    expect(fallback('features.NAME.priority')).toBe(DEFAULTS.feature.priority);
    expect(fallback('services.NAME.discipline')).toBe(DEFAULTS.service.discipline);
    expect(fallback('services.NAME.autoscale.startup')).toBe(formatDuration(DEFAULTS.autoscale.startupMs));
    expect(fallback('services.NAME.messages.maxDeliveries')).toBe(String(DEFAULTS.messages.maxDeliveries));
    expect(fallback('breaker.window')).toBe(formatDuration(DEFAULTS.breaker.windowMs));
    expect(fallback('breaker.errorThreshold')).toBe(formatShare(DEFAULTS.breaker.errorThreshold));
    expect(fallback('breaks.saturation')).toBe(formatShare(DEFAULTS.breaks.saturation));
    expect(fallback('breaks.sustain')).toBe(formatDuration(DEFAULTS.breaks.sustainMs));
    expect(fallback('retry.budget.max')).toBe(String(DEFAULTS.budget.maxTokens));
    expect(fallback('features.NAME.slo.window')).toBe(formatDuration(DEFAULTS.slo.windowMs));
    expect(fallback('shedding[].shed')).toBe(`[${DEFAULTS.shedding.levels.join(', ')}]`);
  });

  it('marks required keys and types in the file\'s words', () => {
    const rows = rowsOfPage();
    expect(rows.get('name')?.slice(0, 2)).toEqual(['text', 'yes']);
    expect(rows.get('duration')?.slice(0, 2)).toEqual(['duration', 'yes']);
    expect(rows.get('warmup')?.slice(0, 2)).toEqual(['duration', '']);
    expect(rows.get('features.NAME.rate')?.slice(0, 2)).toEqual(['rate', 'yes']);
    expect(rows.get('services.NAME.workers')?.slice(0, 2)).toEqual(['whole number ≥ 1', 'yes']);
    expect(rows.get('features.NAME.slo.success')?.slice(0, 2)).toEqual(['share', 'yes']);
    expect(rows.get('features.NAME.retry')?.[0]).toBe('retry (see [retry](#retry))');
    // Every link in a type cell leads to a heading of the page.
    const anchors = new Set(page.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/^#+ /, '').toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
    const links = [...page.matchAll(/\]\(#([a-z-]+)\)/g)].map((m) => m[1]);
    expect(links.filter((link) => !anchors.has(link))).toEqual([]);
  });

  it('lists units that the parser reads as stated', () => {
    for (const [, unit, ms] of page.matchAll(/^\| `(\w+)` \| (\d+) ms \|/gm)) {
      expect(parseDuration(`3${unit}`)).toEqual({ ok: true, value: 3 * Number(ms) });
    }
    for (const [, unit, ms] of page.matchAll(/^\| `\/(\w+)` \| per (\d+) ms \|/gm)) {
      expect(parseRate(`30/${unit}`)).toEqual({ ok: true, value: 30 / Number(ms) });
    }
    expect(page).toContain('| `h` | 3600000 ms |');
    expect(page).toContain('| `/min` | per 60000 ms |');
  });

  it('shows errors exactly as `brownout validate` prints them, with exit code 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'format-doc-'));
    const examples = [...page.matchAll(/^`([\w-]+\.yaml)`:\n\n```yaml\n([\s\S]*?)```\n\n.*\n\n```\n([\s\S]*?)```$/gm)];
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const [, file, text, shown] of examples) {
      writeFileSync(join(dir, file), text);
      const ran = cli('validate', join(dir, file));
      expect(ran.code).toBe(2);
      expect(ran.stdout).toBe('');
      expect(ran.stderr.replaceAll(`${dir}/`, '')).toBe(shown);
    }
    const all = examples.map((m) => m[3]).join('');
    // All problems at once, each at file:line:col, with a did-you-mean where a name is near.
    expect(all).toMatch(/^shop\.yaml:2:11: duration: needs a unit/m);
    expect(all).toContain('5 problems in shop.yaml');
    expect(all).toContain('(did you mean "queue"?)');
    expect(all).toContain('(in the scenario as patched by variant no-db)');
  });
});

describe('the generator', () => {
  it('rewrites a stale table and leaves the prose alone', () => {
    const stale = 'Prose before.\n<!-- generated:keys:breaks -->\n| old |\n<!-- end generated:keys:breaks -->\nProse after.\n';
    const fresh = renderFormatDoc(stale);
    expect(fresh).not.toContain('| old |');
    expect(fresh.startsWith('Prose before.\n<!-- generated:keys:breaks -->\n| key |')).toBe(true);
    expect(fresh.endsWith('<!-- end generated:keys:breaks -->\nProse after.\n')).toBe(true);
    expect(fresh).toContain('| `breaks.sustain` | duration |  | 10s |');
  });

  it('refuses blocks it cannot write', () => {
    expect(() => generatedBlock('keys:nothing')).toThrow(/no keys in group "nothing"/);
    expect(() => generatedBlock('pictures')).toThrow(/unknown generated block/);
  });

  it('splits a description from its default', () => {
    expect(splitDefault('How long. Default: 10s.')).toEqual({ fallback: '10s', description: 'How long.' });
    expect(splitDefault('The features. Default (no feature or features): all features.')).toEqual({
      fallback: 'all features (no feature or features)', description: 'The features.',
    });
    expect(splitDefault('Slider label (default: made from the path).')).toEqual({ fallback: 'made from the path', description: 'Slider label.' });
    expect(splitDefault('No default here.')).toEqual({ fallback: '', description: 'No default here.' });
  });
});
