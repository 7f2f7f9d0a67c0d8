/**
 * The `brownout` command. Mostly in-process through `main(argv, io, version)` (fast, and the
 * exit code is the return value); one real subprocess run of bin/brownout.js checks the
 * installed entry point end to end on code freshly compiled by test/global-setup.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildCli, type CliBuild } from '../global-setup.js';
import { comparisons } from '../support/family.js';
import { mmc } from '../support/queueing.js';
import { sojournSE, waitSE, type Queue } from '../support/variance.js';

const family = comparisons('cli/cli');

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const THREE_TIER = join(ROOT, 'scenarios/three-tier.yaml');
const MMC = join(ROOT, 'scenarios/mmc-check.yaml');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command in-process, capturing what it writes. */
function cli(...argv: string[]): Ran {
  let stdout = '', stderr = '';
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, '9.8.7');
  return { code, stdout, stderr };
}

/** No JavaScript stack trace ("    at fn (file:line:col)") anywhere in the text. */
const STACK_LINE = /^\s+at\s/m;

/** A file:line:col: problem line. */
const PROBLEM_LINE = /^(.+):(\d+):(\d+): \S/;

let tmp: string;
let badFile: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'brownout-cli-'));
  badFile = join(tmp, 'bad.yaml');
  writeFileSync(
    badFile,
    [
      'name: Bad',
      'duration: 10 minutes',
      'features:',
      '  browse: { rate: 10/s, entry: web }',
      'services:',
      '  web:',
      '    workers: zero',
      '    serviceTime: 10ms',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('brownout run (in-process)', () => {
  it('prints a table naming every feature and service and exits 0', () => {
    const r = cli('run', THREE_TIER);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Three-tier shop at steady load');
    expect(r.stdout).toContain('seed 7');
    for (const name of ['browse', 'checkout', 'web', 'catalog', 'payments']) {
      expect(r.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    }
    // A table, not JSON.
    expect(r.stdout.trimStart().startsWith('{')).toBe(false);
    expect(r.stdout).toMatch(/^feature\s+arrivals/m);
    expect(r.stdout).toMatch(/^service\s+workers/m);
  });

  it('--json prints exactly one JSON document with the documented fields', () => {
    const r = cli('run', THREE_TIER, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    // Exactly one document: the whole of stdout parses.
    const doc = JSON.parse(r.stdout);
    expect(doc.scenario).toBe('Three-tier shop at steady load');
    expect(doc.seed).toBe(7);
    expect(doc.status).toBe('complete');
    expect(Number.isInteger(doc.events) && doc.events > 0).toBe(true);
    const browse = doc.features.browse;
    for (const k of ['arrivals', 'succeeded', 'failed']) expect(typeof browse[k], `features.browse.${k}`).toBe('number');
    // 30 minutes at 120/s: about 216,000 arrivals.
    expect(browse.arrivals).toBeGreaterThan(200_000);
    expect(browse.arrivals).toBeLessThan(232_000);
    for (const k of ['mean', 'p50', 'p95', 'p99']) {
      expect(typeof browse.latencyMs[k], `features.browse.latencyMs.${k}`).toBe('number');
      expect(browse.latencyMs[k]).toBeGreaterThan(0);
    }
    const catalog = doc.services.catalog;
    for (const k of ['arrivals', 'completed', 'rejected', 'utilization', 'meanQueueLength']) {
      expect(typeof catalog[k], `services.catalog.${k}`).toBe('number');
    }
    expect(typeof catalog.queueWaitMs.mean).toBe('number');
    expect(typeof catalog.sojournMs.mean).toBe('number');
    expect(catalog.utilization).toBeGreaterThan(0);
    expect(catalog.utilization).toBeLessThanOrEqual(1);
    // catalog serves browse (via web) and checkout.
    expect(catalog.arrivals).toBeGreaterThan(browse.arrivals);
  });

  it('--seed 5 changes the seed and the results', () => {
    const a = JSON.parse(cli('run', THREE_TIER, '--json').stdout);
    const r = cli('run', THREE_TIER, '--json', '--seed', '5');
    expect(r.code, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.seed).toBe(5);
    expect(b.features.browse.arrivals).not.toBe(a.features.browse.arrivals);
    expect(b.features.browse.latencyMs).not.toEqual(a.features.browse.latencyMs);
    // The table says so too.
    expect(cli('run', THREE_TIER, '--seed=5').stdout).toContain('seed 5');
  });

  it('the same seed gives byte-identical JSON', () => {
    expect(cli('run', MMC, '--json', '--seed', '3').stdout).toBe(cli('run', MMC, '--json', '--seed', '3').stdout);
  });

  it('--out FILE writes the JSON result (and stdout still gets the table)', () => {
    const out = join(tmp, 'result.json');
    const r = cli('run', MMC, '--out', out, '--seed', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^lookup\s/m);
    const written = readFileSync(out, 'utf8');
    const doc = JSON.parse(written);
    expect(doc.seed).toBe(2);
    expect(doc.scenario).toBe('Four-worker API at 75% load');
    expect(doc.features.lookup.arrivals).toBeGreaterThan(0);
    // Identical to what --json prints for the same run.
    expect(cli('run', MMC, '--json', '--seed', '2').stdout).toBe(written);
  });

  it('a run stopped by a budget exits 2 and says why', () => {
    const r = cli('run', THREE_TIER, '--max-events', '1000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stopped early/i);
    expect(r.stderr).toMatch(/event budget/i);
    expect(r.stdout).toContain('STOPPED EARLY');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('brownout validate (in-process)', () => {
  it('a valid file exits 0 and prints nothing on stdout', () => {
    const r = cli('validate', THREE_TIER);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ok/);
  });

  it('an invalid file exits 2 with file:line:col: lines and no stack trace', () => {
    for (const cmd of ['validate', 'run']) {
      const r = cli(cmd, badFile);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(STACK_LINE);
      const lines = r.stderr.trimEnd().split('\n');
      const problems = lines.filter((l) => PROBLEM_LINE.test(l));
      expect(problems.length, r.stderr).toBeGreaterThanOrEqual(2);
      for (const line of problems) expect(line.startsWith(`${badFile}:`), line).toBe(true);
      // Problems point at the right lines: `duration` on line 2, `workers` on line 7.
      const at = problems.map((l) => Number(PROBLEM_LINE.exec(l)![2]));
      expect(at).toContain(2);
      expect(at).toContain(7);
      expect(problems.find((l) => PROBLEM_LINE.exec(l)![2] === '2')).toMatch(/duration/);
      expect(problems.find((l) => PROBLEM_LINE.exec(l)![2] === '7')).toMatch(/workers/);
      // Every line is a problem line except a final summary.
      expect(lines.slice(0, -1).every((l) => PROBLEM_LINE.test(l)), r.stderr).toBe(true);
    }
  });

  it('a missing file exits 2 with a file:1:1: problem', () => {
    const missing = join(tmp, 'no-such-file.yaml');
    for (const cmd of ['validate', 'run']) {
      const r = cli(cmd, missing);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${missing}:1:1:`);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stdout).toBe('');
    }
  });
});

describe('usage errors (in-process)', () => {
  const usageCases: [string, string[]][] = [
    ['unknown command', ['frobnicate', THREE_TIER]],
    ['unknown option', ['run', THREE_TIER, '--bogus']],
    ['missing FILE (run)', ['run']],
    ['missing FILE (validate)', ['validate']],
    ['no command at all', []],
    ['bad --seed (text)', ['run', THREE_TIER, '--seed', 'abc']],
    ['bad --seed (negative)', ['run', THREE_TIER, '--seed=-1']],
    ['bad --seed (fraction)', ['run', THREE_TIER, '--seed', '1.5']],
    ['--seed without a value', ['run', THREE_TIER, '--seed']],
    ['bad --max-events', ['run', THREE_TIER, '--max-events', '0']],
    ['an extra argument', ['run', THREE_TIER, 'extra']],
    ['validate with run options', ['validate', THREE_TIER, '--json']],
  ];
  for (const [what, argv] of usageCases) {
    it(`${what} exits 2 with a usage hint`, () => {
      const r = cli(...argv);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/--help/);
      expect(r.stderr).not.toMatch(STACK_LINE);
      // One short message, not the whole help.
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(4);
    });
  }

  it('--help prints the usage and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = cli(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage:/);
      expect(r.stdout).toMatch(/brownout run FILE/);
      expect(r.stdout).toMatch(/brownout validate FILE/);
      expect(r.stderr).toBe('');
    }
  });

  it('--version prints the version it was given and exits 0', () => {
    const r = cli('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('9.8.7');
  });
});

describe('bin/brownout.js (subprocess, freshly compiled)', () => {
  let build: CliBuild | undefined;

  beforeAll(() => {
    // Provided by test/global-setup.ts when it is wired as test.globalSetup; otherwise build here.
    build = inject('cliBuild') ?? buildCli();
  });

  const node = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/brownout.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('run scenarios/mmc-check.yaml --json: exit 0, one JSON document, Erlang C wait and latency', () => {
    expect(build?.ok, `tsc -p tsconfig.build.json failed:\n${build?.output}`).toBe(true);
    const r = node('run', 'scenarios/mmc-check.yaml', '--json');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('complete');
    // The file's M/M/4: λ = 30/s, exponential 100 ms work, so Erlang C gives Wq = 50.94 ms and
    // W = 150.94 ms. One run of 2 h, measured after a 5 min warmup (≫ the queue's ~1.4 s
    // relaxation time, so the start from empty is forgotten): its customer averages have the SE
    // of the M/M/4 birth–death chain over the measured time T (test/support/variance.ts: mean wait
    // = ∫queue length dt / arrivals, by Little's law on the path; asymptotic variance by the
    // martingale CLT): ≈ 1.40 ms for the wait, 1.53 ms for the latency. The tolerance is the
    // shared family's normal quantile times that SE, plus the rounding of reported times.
    const api = doc.services.api, lookup = doc.features.lookup;
    const q: Queue = { lambda: 0.03, mu: 0.01, c: api.workers, K: Infinity }, th = mmc(q.lambda, q.mu, q.c);
    const T = doc.durationMs - doc.warmupMs;
    expect([api.workers, T]).toEqual([4, 6_900_000]);
    family.expectAgrees('mean queue wait (one run)', [api.queueWaitMs.mean], th.Wq, { se: waitSE(q, T), bias: 5e-4 });
    family.expectAgrees('mean latency (one run)', [lookup.latencyMs.mean], th.W, { se: sojournSE(q, T), bias: 5e-4 });
  });

  it('an invalid file exits 2 with file:line:col: problems and no stack trace', () => {
    expect(build?.ok, `tsc -p tsconfig.build.json failed:\n${build?.output}`).toBe(true);
    const r = node('validate', badFile);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${badFile}:2:`);
    expect(r.stderr).not.toMatch(/^\s*at /m);
    const r2 = node('run', badFile, '--json');
    expect(r2.status).toBe(2);
    expect(r2.stdout).toBe('');
    expect(r2.stderr).not.toMatch(/^\s*at /m);
  });
});
