/** `brownout compare` in-process, on a file that declares its variants as merge patches. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ok } from './run-cli.js';
import { TINY } from '../outcomes/support.js';

const WITH_VARIANTS = `${TINY}variants:
  eight: { description: Twice the workers, patch: { services: { web: { workers: 8 } } } }
  two: { patch: { services: { web: { workers: 2 } } } }
  same: { description: Changes nothing, patch: {} }
`;

let tmp: string, file: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'brownout-compare-'));
  file = join(tmp, 'with-variants.yaml');
  writeFileSync(file, WITH_VARIANTS);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('brownout compare', () => {
  it('base and every declared variant side by side, 5 runs by default, differences with intervals', () => {
    const out = ok('compare', file, '--threads', '1');
    expect(out).toContain('Tiny: base and 3 variants on the same 5 runs (seeds 3–7)');
    expect(out).toMatch(/^metric\s+base\s+eight\s+eight − base\s+CI\s+two\s+two − base\s+CI\s+same\s+same − base\s+CI$/m);
    // An unchanged variant differs by exactly 0, with a zero-width interval.
    expect(out).toMatch(/^browse\.users\.failed\s.*\s0\s+0 … 0$/m);
  });

  it('--json: each arm and the paired differences', () => {
    const doc = JSON.parse(ok('compare', file, '--runs', '3', '--threads', '1', '--json'));
    expect(doc).toMatchObject({ kind: 'compare', runs: 3, seeds: [3, 4, 5], variants: ['eight', 'two', 'same'] });
    const failed = doc.metrics['browse.users.failed'];
    expect(failed.variants.two.difference.low).toBeGreaterThan(0);
    // Arrivals are the same draws in every arm (common random numbers).
    expect(doc.metrics['browse.users.arrived'].variants.eight.difference).toEqual({ mean: 0, sd: 0, low: 0, high: 0, n: 3 });
  });

  it('--variants chooses and orders; --csv has a row per metric and arm', () => {
    const lines = ok('compare', file, '--variants', 'two,eight', '--runs', '2', '--threads', '1', '--csv').trimEnd().split('\n');
    expect(lines[0]).toBe('metric,arm,mean,sd,low,high,n,diff_mean,diff_sd,diff_low,diff_high');
    expect(lines.filter((l) => l.startsWith('browse.users.failed,')).map((l) => l.split(',')[1])).toEqual(['base', 'two', 'eight']);
  });

  it('1, 2 and 3 threads give identical JSON', () => {
    const one = ok('compare', file, '--runs', '3', '--threads', '1', '--json');
    expect(ok('compare', file, '--runs', '3', '--threads', '2', '--json')).toBe(one);
    expect(ok('compare', file, '--runs', '3', '--threads', '3', '--json')).toBe(one);
  });

  it('shards merge into exactly the unsharded comparison', () => {
    const parts = [1, 2, 3].map((k) => join(tmp, `c${k}.json`));
    parts.forEach((out, i) => ok('compare', file, '--runs', '3', '--variants', 'two,eight', '--shard', `${i + 1}/3`, '--threads', '2', '--out', out));
    expect(ok('merge', ...parts, '--json')).toBe(ok('compare', file, '--runs', '3', '--variants', 'two,eight', '--threads', '1', '--json'));
  });

  it('an unknown variant: one line naming the known ones, exit 2', () => {
    const r = cli('compare', file, '--variants', 'eight,nine', '--threads', '1');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('brownout: unknown variant "nine": "Tiny" declares eight, two, same\n');
  });
});

describe('brownout brief', () => {
  it('writes the Reliability Impact Brief: sections, and the variants compared on the same runs', () => {
    const md = ok('brief', file, '--runs', '2', '--threads', '1');
    for (const heading of ['# Reliability Impact Brief: Tiny', '## Features and dependencies', '## What breaks first', '## Impact grid', '## Variants']) {
      expect(md).toContain(heading);
    }
    expect(md).toMatch(/^\| eight: Twice the workers \|/m);
    // The terminal's prompt starts on its own line.
    expect(md.endsWith('\n')).toBe(true);
  });

  it('--out FILE gets the Markdown and stdout stays empty', () => {
    const out = join(tmp, 'brief.md');
    const r = cli('brief', file, '--runs', '2', '--threads', '1', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('# Reliability Impact Brief: Tiny');
  });
});

describe('brownout run with outcomes', () => {
  it('the table adds what users got and what breaks first; --json carries the outcomes', () => {
    const table = ok('run', file);
    expect(table).toMatch(/^users\s+users\s+succeeded\s+failed/m);
    expect(table).toMatch(/^what breaks first/m);
    expect(table).toMatch(/^impact grid/m);
    const doc = JSON.parse(ok('run', file, '--json'));
    expect(doc.outcomes.features.browse.users.arrived).toBe(doc.features.browse.users.arrived);
    expect(doc.outcomes.totals.users.arrived).toBe(doc.features.browse.users.arrived + doc.features.checkout.users.arrived);
  });
});

describe('brownout run --variant', () => {
  it('runs one declared variant; an unknown one names those declared, exit 2', () => {
    const doc = JSON.parse(ok('run', file, '--variant', 'eight', '--json'));
    expect(doc.services.web.workers).toBe(8);
    const r = cli('run', file, '--variant', 'nine');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('brownout: run: unknown variant "nine": "Tiny" declares eight, two, same');
  });

  it('brief --variants on a file without variants is an error, as for compare', () => {
    const plain = join(tmp, 'plain.yaml');
    writeFileSync(plain, TINY);
    const r = cli('brief', plain, '--variants', 'eight', '--threads', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/declares no variants/);
  });
});
