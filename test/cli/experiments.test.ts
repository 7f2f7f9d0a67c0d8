/**
 * `brownout run --runs`, `sweep` and `merge` in-process: replications with intervals, sweeps
 * with breaking points, output independent of threads and shards, and one-line usage errors.
 * Tiny scenarios (20 s simulated), so each command takes well under a second (so short that the
 * main thread may do every run before a worker has started: test/cli/pool.test.ts makes the
 * workers do them).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { cli, ok } from './run-cli.js';
import { progress } from '../../src/cli/progress.js';
import { TINY } from '../outcomes/support.js';

const STACK_LINE = /^\s+at\s/m;

let tmp: string, tiny: string, other: string;
const at = (name: string) => join(tmp, name);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'brownout-exp-'));
  tiny = at('tiny.yaml');
  writeFileSync(tiny, TINY);
  other = at('other.yaml');
  writeFileSync(other, TINY.replace('rate: 40/s', 'rate: 41/s'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('run --runs N', () => {
  it('prints each metric with its mean and 95% interval', () => {
    const out = ok('run', tiny, '--runs', '3', '--threads', '1');
    expect(out).toContain('Tiny');
    expect(out).toContain('3 runs (seeds 3–5)');
    expect(out).toMatch(/^metric\s+mean\s+95% CI$/m);
    expect(out).toMatch(/^total\.users\.arrived\s+\d[\d,.]*\s+[\d,.]+ … [\d,.]+$/m);
    // Headline metrics first; the rest behind --all.
    expect(out).not.toMatch(/^browse\.users\.arrived\s/m);
    expect(ok('run', tiny, '--runs', '3', '--threads', '1', '--all')).toMatch(/^browse\.users\.arrived\s+\d[\d,.]*\s+[\d,.]+ … [\d,.]+$/m);
  });

  it('--json: the runs report; --seed moves the seeds', () => {
    const doc = JSON.parse(ok('run', tiny, '--runs', '3', '--seed', '10', '--threads', '1', '--json'));
    expect(doc).toMatchObject({ kind: 'runs', scenario: 'Tiny', runs: 3, seeds: [10, 11, 12], confidence: 0.95 });
    expect(doc.scenarioHash).toMatch(/^[0-9a-f]{16}$/);
    const a = doc.metrics['browse.users.arrived'];
    expect(a.n).toBe(3);
    expect(a.low).toBeLessThan(a.mean);
  });

  it('--csv: one row per metric', () => {
    const lines = ok('run', tiny, '--runs', '2', '--threads', '1', '--csv').trimEnd().split('\n');
    expect(lines[0]).toBe('metric,mean,sd,low,high,n');
    expect(lines.find((l) => l.startsWith('browse.users.arrived,'))!.split(',')).toHaveLength(6);
  });

  it('--out FILE writes the JSON report and stdout keeps the table', () => {
    const out = ok('run', tiny, '--runs', '2', '--threads', '1', '--out', at('runs.json'));
    expect(out).toMatch(/^metric\s+mean/m);
    expect(JSON.parse(readFileSync(at('runs.json'), 'utf8')).kind).toBe('runs');
  });

  it('1, 2 and 3 threads give identical JSON', () => {
    const one = ok('run', tiny, '--runs', '5', '--threads', '1', '--json');
    expect(ok('run', tiny, '--runs', '5', '--threads', '2', '--json')).toBe(one);
    expect(ok('run', tiny, '--runs', '5', '--threads', '3', '--json')).toBe(one);
  });

  it('a single run\'s --csv is its time series: one row per bucket, one column per series', () => {
    const lines = ok('run', tiny, '--csv').trimEnd().split('\n');
    const head = lines[0].split(',');
    expect(head[0]).toBe('t');
    expect(head).toContain('features.browse.arrivals');
    expect(head).toContain('services.web.utilization');
    const result = JSON.parse(ok('run', tiny, '--json'));
    expect(lines.length - 1).toBe(result.series.t.length);
    const col = head.indexOf('features.browse.arrivals');
    expect(lines.slice(1).map((l) => Number(l.split(',')[col]))).toEqual(result.series.features.browse.arrivals);
    // The bucket p95 sits next to the mean, named like it; an empty cell where nothing was served.
    const p95 = head.indexOf('features.browse.latencyP95Ms');
    expect(p95).toBe(head.indexOf('features.browse.latencyMeanMs') + 1);
    expect(lines.slice(1).map((l) => l.split(',')[p95]))
      .toEqual(result.series.features.browse.latencyP95Ms.map((x: number | null) => (x === null ? '' : String(x))));
  });
});

describe('sweep', () => {
  const param = 'services.web.workers=8..2:3';

  it('tabulates the metrics per value and says where the core feature breaks', () => {
    const out = ok('sweep', tiny, '--param', param, '--runs', '2', '--threads', '1');
    expect(out).toContain('services.web.workers from 8 to 2 in 3 steps');
    expect(out).toMatch(/^metric\s+8\s+5\s+2$/m);
    expect(out).toMatch(/^checkout: breaks between services\.web\.workers = \d+ \(holds\) and \d+ \(out of SLO\)/m);
    // Only the core feature is judged.
    expect(out).not.toMatch(/^browse:/m);
  });

  it('--json: points and breaking points bracketed to adjacent whole numbers', () => {
    const doc = JSON.parse(ok('sweep', tiny, '--param', param, '--runs', '2', '--threads', '1', '--json'));
    expect(doc.kind).toBe('sweep');
    expect(doc.param).toEqual({ spec: param, path: 'services.web.workers', whole: true });
    expect(doc.points.map((p: { label: string }) => p.label)).toEqual(['8', '5', '2']);
    const [b] = doc.breaks;
    expect(b).toMatchObject({ feature: 'checkout', status: 'breaks' });
    expect(b.ok - b.broken).toBe(1);
  });

  it('--csv: one row per value and metric', () => {
    const lines = ok('sweep', tiny, '--param', 'features.browse.rate=10/s..20/s:2', '--runs', '1', '--threads', '1', '--csv').trimEnd().split('\n');
    expect(lines[0]).toBe('features.browse.rate,metric,mean,sd,low,high,n');
    expect(lines.find((l) => l.startsWith('10/s,browse.users.arrived,'))).toMatch(/^10\/s,browse\.users\.arrived,\d+,,,,1$/);
  });

  it('1, 2 and 3 threads give identical JSON (bisection included)', () => {
    const one = ok('sweep', tiny, '--param', param, '--runs', '2', '--threads', '1', '--json');
    expect(ok('sweep', tiny, '--param', param, '--runs', '2', '--threads', '2', '--json')).toBe(one);
    expect(ok('sweep', tiny, '--param', param, '--runs', '2', '--threads', '3', '--json')).toBe(one);
  });
});

describe('--shard K/N and merge', () => {
  function shards(argv: string[], n: number, prefix: string): string[] {
    return Array.from({ length: n }, (_, i) => {
      const file = at(`${prefix}-${i + 1}.json`);
      expect(ok(...argv, '--shard', `${i + 1}/${n}`, '--threads', String(1 + (i % 2)), '--out', file)).toBe('');
      return file;
    });
  }

  it('merged runs equal the unsharded JSON, table and CSV', () => {
    const argv = ['run', tiny, '--runs', '5'];
    const files = shards(argv, 3, 'runs');
    for (const format of ['--json', '--csv']) {
      expect(ok('merge', ...files.reverse(), format)).toBe(ok(...argv, '--threads', '1', format));
    }
    expect(ok('merge', ...files)).toBe(ok(...argv, '--threads', '2'));
  });

  it('a merged sweep equals the unsharded one (merge bisects from the text the shards carry)', () => {
    const argv = ['sweep', tiny, '--param', 'services.web.workers=8..2:3', '--runs', '2'];
    const files = shards(argv, 2, 'sweep');
    // The scenario file is not needed to merge: bisection uses the text in the shards.
    rmSync(tiny);
    let merged: string;
    try {
      merged = ok('merge', ...files, '--json', '--threads', '2');
    } finally {
      writeFileSync(tiny, TINY);
    }
    expect(merged).toBe(ok(...argv, '--json', '--threads', '1'));
    expect(JSON.parse(merged).breaks).toHaveLength(1);
  });

  it('without --out a shard document goes to stdout', () => {
    const doc = JSON.parse(ok('run', tiny, '--runs', '3', '--shard', '2/2', '--threads', '1'));
    expect(doc).toMatchObject({ format: 'brownout-shard/1', producer: 'brownout 9.8.7', shard: { k: 2, n: 2 } });
    expect(doc.items.map((i: { index: number }) => i.index)).toEqual([1]);
  });

  it('shards that do not belong together: one line, exit 2', () => {
    const files = shards(['run', tiny, '--runs', '3'], 3, 'set');
    const [otherShard] = shards(['run', other, '--runs', '3'], 3, 'other').slice(1);
    writeFileSync(at('junk.json'), '{"a": 1}');
    const cases: [string[], RegExp][] = [
      [[files[0], files[2]], /shard 2\/3 missing: merge needs all 3/],
      [[...files, files[1]], /shard 2\/3 is given twice/],
      [[files[0], otherShard, files[2]], /does not belong with .*another scenario text/],
      [[at('junk.json')], /junk\.json is not a brownout-shard\/1 file/],
      [[at('nope.json')], /cannot read .*nope\.json: no such file/],
    ];
    for (const [argv, message] of cases) {
      const r = cli('merge', ...argv);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    let said = '';
    expect(main(['merge', ...files], { stdout: () => {}, stderr: (t) => (said += t) }, '1.0.0')).toBe(2);
    expect(said).toBe('brownout: the shards were made by brownout 9.8.7 and this is brownout 1.0.0: merge them with the version that made them\n');
  });
});

describe('bad usage: one clear line, exit 2, no stack trace', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['bad --param syntax', () => ['sweep', tiny, '--param', 'services.web.workers=2-8'], /PATH=FROM\.\.TO/],
    ['--param with mixed units', () => ['sweep', tiny, '--param', 'services.web.workers=2..8s'], /same kind/],
    ['--param with STEPS 1', () => ['sweep', tiny, '--param', 'services.web.workers=2..8:1'], /STEPS must be from 2/],
    ['a value the field refuses', () => ['sweep', tiny, '--param', 'services.web.workers=0..2:2', '--threads', '1'], /workers = 0: .*tiny\.yaml:\d+:\d+:/],
    ['sweep without --param', () => ['sweep', tiny], /sweep needs --param/],
    ['--shard 3/2', () => ['run', tiny, '--runs', '3', '--shard', '3/2'], /--shard must be K\/N/],
    ['--shard 0/2', () => ['run', tiny, '--runs', '3', '--shard', '0/2'], /--shard must be K\/N/],
    ['--shard without --runs', () => ['run', tiny, '--shard', '1/2'], /--shard needs --runs/],
    ['--shard with --csv', () => ['run', tiny, '--runs', '2', '--shard', '1/2', '--csv'], /--csv comes with merge/],
    ['--runs 0', () => ['run', tiny, '--runs', '0'], /--runs must be a whole number of at least 1/],
    ['--threads 0', () => ['run', tiny, '--runs', '2', '--threads', '0'], /--threads must be/],
    ['--json with --csv', () => ['run', tiny, '--json', '--csv'], /give one/],
    ['--variants on run', () => ['run', tiny, '--variants', 'a'], /run does not take --variants/],
    ['--param on compare', () => ['compare', tiny, '--param', 'x=1..2'], /compare does not take --param/],
    ['compare without variants', () => ['compare', tiny, '--threads', '1'], /declares no variants.*variants:/],
    ['merge without files', () => ['merge'], /missing SHARD\.json/],
    ['a run stopped by a budget', () => ['run', tiny, '--runs', '2', '--threads', '1', '--max-events', '100'], /seed 3 stopped early: event budget/],
    ['a run stopped by a budget with 2 threads', () => ['run', tiny, '--runs', '2', '--threads', '2', '--max-events', '100'], /stopped early: event budget/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, () => {
      const r = cli(...argv());
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    });
  }
});

describe('progress', () => {
  it('counts every batch\'s runs and clears its line at the end', () => {
    let shown = '';
    const p = progress((t) => (shown += t));
    const runBatch = p.wrap((_arms, items, onDone) => items.map(() => (onDone?.(), {})));
    runBatch([], [{ arm: 0, seed: 1 }, { arm: 0, seed: 2 }]);
    runBatch([], [{ arm: 0, seed: 3 }]);
    p.end();
    expect(shown).toContain('\r  2/2 runs');
    expect(shown).toContain('\r  3/3 runs');
    expect(shown.endsWith('\r\x1b[K')).toBe(true);
  });

  it('nothing at all without a terminal', () => {
    const p = progress(undefined);
    const inner = (_a: unknown, items: unknown[]) => items.map(() => ({}));
    expect(p.wrap(inner)).toBe(inner);
  });
});
