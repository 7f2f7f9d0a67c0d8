/**
 * Start-up of `brownout run` (issue 11), checked without timing anything: what makes it fast
 * must stay true. A valid file of the core keys is read by the quick path, never by the full
 * parser; nothing the quick path needs imports zod or builds the schema; and the command as
 * bin/brownout.js loads it (one bundle, compiled from its V8 code cache) runs such a file
 * without ever evaluating zod, and prints what the in-process command prints.
 * (bench/startup.js measures the time itself.)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { deferred } from '../../src/cli/deferred.js';
import { TINY } from '../outcomes/support.js';
import { cli } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KNOB = 'knobs:\n  - { param: services.web.workers, from: 1, to: 8 }\n';

let tmp: string, tiny: string, withKnob: string, bad: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'brownout-startup-'));
  tiny = join(tmp, 'tiny.yaml');
  writeFileSync(tiny, TINY);
  withKnob = join(tmp, 'knob.yaml');
  writeFileSync(withKnob, TINY + KNOB);
  bad = join(tmp, 'bad.yaml');
  writeFileSync(bad, TINY.replace('workers: 4', 'workers: none').replace('entry: web }', 'entry: nowhere }'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => { vi.restoreAllMocks(); });

/** The table's "… events in 0.02 s" is the wall time of the run; everything else is deterministic. */
const steady = (text: string) => text.replace(/events in [\d.]+ s/, 'events in … s');

describe('the full parser is only for files the quick path declines', () => {
  it('run and validate on a valid core file never ask for it', () => {
    const full = vi.spyOn(deferred, 'fullParser');
    expect(cli('run', tiny, '--json').code).toBe(0);
    expect(cli('validate', tiny).code).toBe(0);
    expect(full).not.toHaveBeenCalled();
  });

  it('a file with other keys, or with problems, goes to it, and the output is the same either way', () => {
    const full = vi.spyOn(deferred, 'fullParser');
    for (const format of [['--json'], ['--csv'], []]) {
      const quick = cli('run', tiny, ...format), slow = cli('run', withKnob, ...format);
      expect(steady(slow.stdout)).toBe(steady(quick.stdout));
      expect([quick.code, slow.code, quick.stderr, slow.stderr]).toEqual([0, 0, '', '']);
    }
    expect(full).toHaveBeenCalledTimes(3);
    const r = cli('run', bad, '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: services\.web\.workers: /);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: features\.browse\.entry: /);
    expect(r.stderr).toMatch(/2 problems in .*bad\.yaml\n$/);
    expect(full).toHaveBeenCalledTimes(4);
  });
});

/** Relative imports of a source file that exist at run time (not `import type`), as .ts paths. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specs = [...source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?'([^']+)';/gms)].map((m) => m[1]);
  return specs.map((s) => (s.startsWith('.') ? resolve(dirname(file), s.replace(/\.js$/, '.ts')) : s));
}

/** Every module reachable from `entry` without passing through `stop`. */
function reachable(entry: string, stop: string): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (file === stop || !file.startsWith('/')) continue;
    for (const dep of runtimeImports(file)) if (!seen.has(dep)) { seen.add(dep); queue.push(dep); }
  }
  return seen;
}

describe('what the CLI loads before it knows it needs the full parser', () => {
  it('imports neither zod nor the schema: only src/cli/deferred.ts leads there', () => {
    const main = join(ROOT, 'src/cli/main.ts'), stop = join(ROOT, 'src/cli/deferred.ts');
    const loaded = reachable(main, stop);
    const heavy = [...loaded].filter((m) => m === 'zod' || m.endsWith('/scenario/schema.ts') || m.endsWith('/scenario/parse.ts'));
    expect(heavy).toEqual([]);
    // The check can fail: through deferred.ts the full parser and zod are reached.
    expect(reachable(main, '')).toContain('zod');
  });
});

describe('bin/brownout.js as installed (the bundle, subprocess)', () => {
  /** Loads the bundle the way bin/brownout.js does, runs main in that process, and reports. */
  function bundled(...argv: string[]) {
    const script = `
      const { loadCli } = await import(${JSON.stringify(join(ROOT, 'bin/load-cli.js'))});
      const cli = loadCli();
      const zodAtLoad = globalThis.__zod_globalConfig !== undefined;
      let stdout = '', stderr = '';
      const code = cli.main(${JSON.stringify(argv)}, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, '9.8.7');
      const zodAfter = globalThis.__zod_globalConfig !== undefined;
      process.stdout.write(JSON.stringify({ cache: cli.cache, zodAtLoad, zodAfter, code, stdout, stderr }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { cache: string; zodAtLoad: boolean; zodAfter: boolean; code: number; stdout: string; stderr: string };
  }

  beforeAll(() => {
    const build = inject('cliBuild');
    expect(build?.ok, `the build failed:\n${build?.output}`).toBe(true);
  });

  it('runs a valid core file from the code cache without evaluating zod, printing what main prints', () => {
    const r = bundled('run', tiny, '--json');
    expect(r).toMatchObject({ cache: 'used', zodAtLoad: false, zodAfter: false, code: 0, stderr: '' });
    expect(r.stdout).toBe(cli('run', tiny, '--json').stdout);
  });

  it('evaluates zod only for a file the quick path declines, with the same problems as main', () => {
    const r = bundled('run', bad, '--json');
    expect(r).toMatchObject({ zodAtLoad: false, zodAfter: true, code: 2, stdout: '' });
    expect(r.stderr).toBe(cli('run', bad, '--json').stderr);
  });

  it('uses the code cache only with the build it was made for', () => {
    const copy = join(tmp, 'install');
    mkdirSync(join(copy, 'bin'), { recursive: true });
    mkdirSync(join(copy, 'dist/cli'), { recursive: true });
    copyFileSync(join(ROOT, 'bin/load-cli.js'), join(copy, 'bin/load-cli.js'));
    const cacheOf = () => {
      const script = `const m = await import(${JSON.stringify(join(copy, 'bin/load-cli.js'))}); const cli = m.loadCli();
        process.stdout.write(cli === null ? 'not built' : cli.cache);`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    expect(cacheOf()).toBe('not built');
    const bundle = readFileSync(join(ROOT, 'dist/cli/brownout.cjs'), 'latin1'), cache = readFileSync(join(ROOT, 'dist/cli/brownout.cjs.cache'));
    expect(bundle).toMatch(/^[\x00-\x7f]*$/);
    writeFileSync(join(copy, 'dist/cli/brownout.cjs'), bundle, 'latin1');
    expect(cacheOf()).toBe('none');
    writeFileSync(join(copy, 'dist/cli/brownout.cjs.cache'), cache);
    expect(cacheOf()).toBe('used');
    // Another build of the same length: its first line names another SHA-256.
    writeFileSync(join(copy, 'dist/cli/brownout.cjs'), bundle.replace(/sha256=[0-9a-f]/, (m) => (m.endsWith('0') ? 'sha256=1' : 'sha256=0')), 'latin1');
    expect(cacheOf()).toBe('none');
  });
});
