// Replications on every core (issue 11): `brownout run FILE --runs N --json` through the real
// command in a fresh process (node bin/brownout.js, so starting the CLI and its worker threads is
// counted), with --threads 1 and with --threads <cores>, in alternating rounds; best wall time of
// each. The two outputs must be byte-identical: results never depend on the thread count.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parallelCapacity } from './spin.js';
import { best, fmtMs, heading } from './util.js';

const BIN = fileURLToPath(new URL('../bin/brownout.js', import.meta.url));
const CPU_HOOK = new URL('./cpu-at-exit.js', import.meta.url).href;

/**
 * One `brownout ...` process: wall ms (spawn to exit), stdout, its CPU ms (all threads) and an
 * estimate of its wall time on idle cores: its main thread's CPU time (the busiest live one at
 * exit), or its CPU time spread over every core if that is longer (V8's compiler and GC threads
 * count too). With several threads sharing the runs evenly the spread is the longer.
 */
function brownout(args) {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', CPU_HOOK, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`brownout ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  // The last such line: the main thread's exit comes after any worker's.
  const [, cpuMs, busiestMs] = ([...r.stderr.matchAll(/brownout-bench-cpu-ms (\d+) (\d+|NaN)/g)].pop() ?? []).map(Number);
  return { ms, stdout: r.stdout, cpuMs, idleMs: Math.max(busiestMs, cpuMs / availableParallelism()) };
}

/**
 * @param {{ file: string, runs: number, rounds: number, target: number }} o
 * @returns the figures the summary judges (speedUp, identical) and reports
 */
export function benchReplications({ file, runs, rounds, target }) {
  const cores = availableParallelism(), name = basename(file);
  heading(`6. Replications on every core: brownout run ${name} --runs ${runs}, --threads 1 vs --threads ${cores}, best of ${rounds} alternating rounds`);
  // Start-up: the CLI loaded, the scenario read and validated, nothing run (also warms the disk cache).
  const startupMs = best([0, 1, 2].map(() => brownout(['validate', file]).ms));
  const args = (threads) => ['run', file, '--runs', String(runs), '--threads', String(threads), '--json'];
  const one = [], all = [], capacity = [];
  let identical = true;
  for (let i = 0; i < rounds; i++) {
    const a = brownout(args(1)), b = brownout(args(cores));
    one.push(a);
    all.push(b);
    identical &&= a.stdout === b.stdout;
    capacity.push(parallelCapacity(cores));
  }
  const ms1 = best(one.map((r) => r.ms)), msN = best(all.map((r) => r.ms));
  const cpu1 = best(one.map((r) => r.cpuMs)), cpuN = best(all.map((r) => r.cpuMs));
  const speedUp = ms1 / msN, runsOnly = (ms1 - startupMs) / (msN - startupMs), machine = Math.max(...capacity);
  const idleSpeedUp = best(one.map((r) => r.idleMs)) / best(all.map((r) => r.idleMs));
  console.log(`  --threads 1         wall ${fmtMs(ms1)}  cpu ${fmtMs(cpu1)}   (about ${((ms1 - startupMs) / runs).toFixed(0)} ms a run)`);
  console.log(`  --threads ${String(cores).padEnd(9)} wall ${fmtMs(msN)}  cpu ${fmtMs(cpuN)}   ` +
    `(+${(cpuN - cpu1).toFixed(0)} ms CPU: another thread's start-up, module loading and JIT warm-up)`);
  console.log(`  speed-up ${speedUp.toFixed(2)}x on wall time   target >= ${target}x`);
  console.log(`  start-up (brownout validate: CLI loaded, scenario read) ${startupMs.toFixed(0)} ms, ` +
    `${(100 * startupMs / msN).toFixed(0)}% of the --threads ${cores} time; the runs alone ${runsOnly.toFixed(2)}x`);
  console.log(`  the machine gave ${cores} spinning threads ${machine.toFixed(2)}x the work of one (best of ${rounds}; below ${cores} means others hold the cores)`);
  if (Number.isFinite(idleSpeedUp)) {
    console.log(`  on idle cores, estimated from CPU times: ${idleSpeedUp.toFixed(2)}x (the 1-thread run's V8 compiler threads use another core too)`);
  }
  console.log(`  same --json output with 1 and ${cores} threads: ${identical ? 'yes, byte for byte' : 'NO — results depend on the thread count'}`);
  return { cores, name, runs, speedUp, runsOnly, idleSpeedUp, identical, ms1, msN, cpu1, cpuN, startupMs, machine };
}
