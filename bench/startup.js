// Start-up of the `brownout` command (issue 11): `brownout run tiny.yaml --json` on a 10-second,
// one-service scenario, whose time is nearly all start-up. Not a test: it prints figures.
//
//   node bench/startup.js [RUNS]      (RUNS spawns of each kind, default 15; needs npm run build:cli)
//
// Spawns, alternating so that other work on the machine hits both alike:
//   floor  `node -e ''`, the start of a bare node on this machine;
//   cli    `node bin/brownout.js run tiny.yaml --json`, the installed command.
// Wall time is measured around each spawn (median and best); CPU time (user + system, the
// child's own, reported by bench/startup-cpu.cjs preloaded in a second spawn of each kind) is
// steadier on a shared machine. Then the phases (bench/startup-phases.js, a fresh process per
// sample, medians): the compiled modules loaded group by group and each step of the run, and the
// command loaded the way bin/brownout.js loads it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/brownout.js');
const CPU_HOOK = join(ROOT, 'bench/startup-cpu.cjs');
const PHASES = join(ROOT, 'bench/startup-phases.js');

/** The scenario: 10 simulated seconds of one feature on one service, ~400 requests. */
export const TINY_YAML = `name: Tiny
duration: 10s
features:
  browse: { rate: 40/s, entry: web }
services:
  web:
    workers: 4
    serviceTime: { exponential: 50ms }
`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

/** One spawn: wall ms around it, and the child's CPU ms when `cpu` preloads the reporter. */
function spawnOnce(args, { cpu = false, check } = {}) {
  const argv = cpu ? ['-r', CPU_HOOK, ...args] : args;
  const started = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  check?.(r.stdout);
  const cpuMs = cpu ? Number(/startup-cpu-ms (\S+)\s*$/.exec(r.stderr)?.[1]) : undefined;
  return { wallMs, cpuMs };
}

function summary(samples) {
  const wall = samples.wall.map((s) => s.wallMs), cpu = samples.cpu.map((s) => s.cpuMs);
  return { wallMsMedian: round(median(wall)), wallMsBest: round(Math.min(...wall)), cpuMsMedian: round(median(cpu)), cpuMsBest: round(Math.min(...cpu)) };
}

/** Median of each phase over `runs` fresh processes of startup-phases.js in `mode`. */
function phases(mode, file, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [PHASES, mode, file], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`startup-phases ${mode} exited ${r.status}: ${r.stderr}`);
    samples.push(JSON.parse(r.stdout));
  }
  const out = {};
  for (const name of Object.keys(samples[0])) {
    out[name] = { wallMs: round(median(samples.map((s) => s[name].wall))), cpuMs: round(median(samples.map((s) => s[name].cpu))) };
  }
  return out;
}

/**
 * Start-up figures (ms): `wallMsMedian`/`wallMsBest`/`cpuMs…` of the command, `floor` (bare
 * node) the same, and `phases` { modules, entry } each phase's median { wallMs, cpuMs }.
 * Throws when the command fails or does not print a run's JSON.
 */
export function startupFigures({ runs = 15, phaseRuns = 7 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'brownout-startup-'));
  try {
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, TINY_YAML);
    const cliArgs = [BIN, 'run', file, '--json'];
    const check = (stdout) => {
      if (JSON.parse(stdout).features?.browse === undefined) throw new Error(`not a run's JSON: ${stdout.slice(0, 200)}`);
    };
    const floor = { wall: [], cpu: [] }, cli = { wall: [], cpu: [] };
    spawnOnce(cliArgs, { check }); // warms the file system cache; not counted
    for (let i = 0; i < runs; i++) {
      floor.wall.push(spawnOnce(['-e', '']));
      cli.wall.push(spawnOnce(cliArgs, { check }));
      floor.cpu.push(spawnOnce(['-e', ''], { cpu: true }));
      cli.cpu.push(spawnOnce(cliArgs, { cpu: true }));
    }
    return {
      runs, ...summary(cli), floor: summary(floor),
      phases: { modules: phases('modules', file, phaseRuns), entry: phases('entry', file, phaseRuns) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(f) {
  const line = (name, s) => `${name.padEnd(44)} wall ${String(s.wallMsMedian).padStart(6)} median ${String(s.wallMsBest).padStart(6)} best   cpu ${String(s.cpuMsMedian).padStart(6)} median`;
  console.log(`brownout start-up — node ${process.version}, ${f.runs} spawns of each (ms)`);
  console.log(line('node -e \'\' (floor)', f.floor));
  console.log(line('brownout run tiny.yaml --json', f));
  for (const [mode, title] of [['modules', 'compiled modules, unbundled (phase medians)'], ['entry', 'as bin/brownout.js loads it (phase medians)']]) {
    console.log(`\n${title}:`);
    for (const [name, p] of Object.entries(f.phases[mode])) {
      console.log(`  ${name.padEnd(42)} wall ${String(p.wallMs).padStart(6)}   cpu ${String(p.cpuMs).padStart(6)}`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runs = Number(process.argv[2] ?? 15);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('usage: node bench/startup.js [RUNS]');
  print(startupFigures({ runs }));
}
