// brownout benchmark (not a test: it prints figures and PASS/MISS against targets, and exits 0).
//
//   npm run bench                      (builds dist/ first)
//   node --expose-gc bench/bench.js    (with dist/ already built)
//
// 1. M/M/1, ~10M requests, through the real CLI path (main(['run', file, '--json'])), against a
//    hand-written typed-array event loop doing the same simulation (bench/baseline.js), and the
//    same loop recording what brownout reports with brownout's recorders (bench/floor.js): the
//    price of measuring alone.
// 2. Ten services with synchronous calls: events per second through the CLI path.
// 3. Peak RSS of a child process at 1M and 10M requests (bench/rss-child.js).
// 4. The storm: ten services at 2,000 requests/s for 1 hour with timeouts, retries, budgets, a
//    breaker and two faults, through the CLI path: events per second.
// 5. Users and outcomes accounting: the ten services with users (patience, own retries,
//    conversion, SLOs) against without, wall time per user request.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../dist/cli/main.js';
import { mm1Baseline } from './baseline.js';
import { mm1Floor } from './floor.js';
import { MM1, mm1Params, mm1Yaml, stormYaml, tenServicesYaml } from './scenarios.js';

const here = dirname(fileURLToPath(import.meta.url));
const TARGET_RATIO = 1.5;
const TARGET_EVENTS_PER_S = 5e6;
const TARGET_RSS_GROWTH = 0.10;
const TARGET_STORM_EVENTS_PER_S = 3e6;
const TARGET_OUTCOMES_COST = 0.15;
const STORM_DURATION_S = 3600, STORM_WARM_DURATION_S = 120;
const REQUESTS = 10_000_000, WARM_REQUESTS = 1_000_000, ROUNDS = 3;
const TEN_DURATION_S = 600, TEN_WARM_DURATION_S = 60;

const internals = await Promise.all([import('../dist/scenario/load-file.js'), import('../dist/model/simulate.js')])
  .then(([l, m]) => ({ loadScenarioFile: l.loadScenarioFile, simulate: m.simulate }))
  .catch(() => null);

const gc = globalThis.gc ?? (() => {});
if (!globalThis.gc) console.log('(note: run with node --expose-gc for steadier timings)');

const loadAtStart = loadavg()[0];

/**
 * A warning when other work competed for the CPUs (targets are judged on wall time). The bench
 * itself keeps about one core busy, so at the end one unit of the load average is its own.
 */
function loadNote() {
  const others = Math.max(loadAtStart, loadavg()[0] - 1), cores = availableParallelism();
  return others > cores - 1
    ? `other processes kept about ${others.toFixed(1)} of ${cores} cores busy (load average ${loadAtStart.toFixed(1)} at start, ` +
      `${loadavg()[0].toFixed(1)} at end): wall times are inflated, compare the CPU figures`
    : '';
}

function run() {
  console.log(`brownout bench — node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} cores, ` +
    `load average ${loadAtStart.toFixed(1)}, ${cpus()[0]?.model ?? 'unknown CPU'}`);
  const mm1 = benchMm1();
  const ten = benchTenServices(mm1.baselineEventsPerS);
  const rss = benchRss();
  const storm = benchStorm();
  const outcomes = benchOutcomes();
  summary(mm1, ten, rss, storm, outcomes);
}

// ---------------------------------------------------------------------------------------------

function write(name, text) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** One in-process CLI run; the whole of main() is timed: read, parse, validate, simulate, JSON. */
function runCli(file) {
  const out = [], err = [];
  gc();
  const cpu0 = process.cpuUsage(), started = performance.now();
  const code = main(['run', file, '--json'], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  const ms = performance.now() - started, cpuMs = cpuSince(cpu0);
  if (code !== 0) throw new Error(`brownout run ${file} exited ${code}:\n${err.join('')}`);
  return { ms, cpuMs, result: JSON.parse(out.join('')) };
}

function runBaseline(params, loop = mm1Baseline) {
  gc();
  const cpu0 = process.cpuUsage(), started = performance.now();
  const result = loop(params);
  return { ms: performance.now() - started, cpuMs: cpuSince(cpu0), result };
}

/** CPU time (user + system, all threads of this process) since `from`, ms: steadier than wall time on a busy machine. */
const cpuSince = (from) => { const d = process.cpuUsage(from); return (d.user + d.system) / 1000; };
/** One timing row: wall best and median, CPU best, events, events per wall second. */
function row(name, times, cpuTimes, events) {
  console.log(`  ${name.padEnd(34)} best ${fmtMs(best(times))}  median ${fmtMs(median(times))}  cpu ${fmtMs(best(cpuTimes))}  ` +
    `${fmtInt(events).padStart(11)} events  ${fmtRate(events / (best(times) / 1000))}`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);
const fmtMs = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
const fmtRate = (r) => `${(r / 1e6).toFixed(2).padStart(6)} M events/s`;
const fmtInt = (n) => n.toLocaleString('en-US');
const heading = (t) => console.log(`\n== ${t} ${'='.repeat(Math.max(0, 90 - t.length))}`);

// --- 1. M/M/1 --------------------------------------------------------------------------------

function benchMm1() {
  const p = mm1Params(REQUESTS);
  heading(`1. M/M/1, rho ${MM1.rho}, ${fmtInt(REQUESTS)} requests (${p.durationS} s simulated), best and median of ${ROUNDS}`);
  const file = write('mm1.yaml', mm1Yaml(REQUESTS));
  const warmFile = write('mm1-warm.yaml', mm1Yaml(WARM_REQUESTS));

  // Warm both once on a smaller run, then alternate the timed runs so drift hits both alike.
  runCli(warmFile);
  runBaseline(mm1Params(WARM_REQUESTS));
  runBaseline(mm1Params(WARM_REQUESTS), mm1Floor);
  const cliMs = [], baseMs = [], cliCpu = [], baseCpu = [], floorMs = [], floorCpu = [];
  let cli, base, floor;
  for (let i = 0; i < ROUNDS; i++) {
    cli = runCli(file);
    cliMs.push(cli.ms);
    cliCpu.push(cli.cpuMs);
    base = runBaseline(p);
    baseMs.push(base.ms);
    baseCpu.push(base.cpuMs);
    floor = runBaseline(p, mm1Floor);
    floorMs.push(floor.ms);
    floorCpu.push(floor.cpuMs);
  }
  const cliEvents = cli.result.events, baseEvents = base.result.events;
  row('brownout (CLI path, in-process)', cliMs, cliCpu, cliEvents);
  row('baseline (hand-written loop)', baseMs, baseCpu, baseEvents);
  row('floor (loop + brownout recorders)', floorMs, floorCpu, floor.result.events);
  const ratio = best(cliMs) / best(baseMs), ratioMedian = median(cliMs) / median(baseMs);
  const ratioCpu = best(cliCpu) / best(baseCpu), floorRatio = best(floorMs) / best(baseMs);
  console.log(`  ratio brownout / baseline: ${ratio.toFixed(2)}x (best wall), ${ratioMedian.toFixed(2)}x (median wall), ` +
    `${ratioCpu.toFixed(2)}x (best CPU)   target <= ${TARGET_RATIO}x`);
  console.log(`  ratio floor / baseline: ${floorRatio.toFixed(2)}x (best wall), ${(median(floorMs) / median(baseMs)).toFixed(2)}x (median wall): ` +
    `the same loop recording what brownout reports (3 histograms, 2 time integrals) and nothing else`);
  console.log(`  ratio brownout / floor: ${(best(cliMs) / best(floorMs)).toFixed(2)}x (best wall): the price of the model and the CLI path beyond measuring`);
  // Per event, so the ratio can also be read net of the ~600 series ticks brownout adds.
  const nsPerEvent = (ms, ev) => (ms * 1e6 / ev).toFixed(1);
  console.log(`  per event: brownout ${nsPerEvent(best(cliMs), cliEvents)} ns, baseline ${nsPerEvent(best(baseMs), baseEvents)} ns`);

  // Same work? Same random streams and draw order, so the sample paths should coincide.
  const f = cli.result.features[MM1.feature], s = cli.result.services[MM1.service], b = base.result;
  const rho = MM1.rho, meanS = p.meanServiceMs;
  console.log('  agreement (brownout | baseline | M/M/1 theory):');
  console.log(`    arrivals          ${fmtInt(f.arrivals).padStart(12)} | ${fmtInt(b.arrivals).padStart(12)} | ${fmtInt(p.ratePerMs * p.durationMs).padStart(12)}`);
  console.log(`    completed         ${fmtInt(f.succeeded).padStart(12)} | ${fmtInt(b.completed).padStart(12)} |`);
  console.log(`    mean wait, ms     ${s.queueWaitMs.mean.toFixed(3).padStart(12)} | ${b.meanWaitMs.toFixed(3).padStart(12)} | ${(rho * meanS / (1 - rho)).toFixed(3).padStart(12)}`);
  console.log(`    mean sojourn, ms  ${s.sojournMs.mean.toFixed(3).padStart(12)} | ${b.meanSojournMs.toFixed(3).padStart(12)} | ${(meanS / (1 - rho)).toFixed(3).padStart(12)}`);
  console.log(`    utilisation       ${s.utilization.toFixed(4).padStart(12)} | ${b.utilization.toFixed(4).padStart(12)} | ${rho.toFixed(4).padStart(12)}`);
  const agree = f.arrivals === b.arrivals && f.succeeded === b.completed && floor.result.completed === b.completed &&
    Math.abs(s.queueWaitMs.mean - b.meanWaitMs) < 1e-3 && Math.abs(s.utilization - b.utilization) < 1e-4;
  console.log(`    same sample path: ${agree ? 'yes' : 'NO — they are not simulating the same thing'}`);

  const phases = breakdown(file);
  return {
    ratio, ratioMedian, ratioCpu, agree, phases, floorRatio,
    cliBestMs: best(cliMs), baseBestMs: best(baseMs),
    cliEventsPerS: cliEvents / (best(cliMs) / 1000), baselineEventsPerS: baseEvents / (best(baseMs) / 1000),
  };
}

/**
 * Where the CLI path's time goes, phase by phase, with the same internals main() calls. Internal
 * modules may move while the project is young: if they do, the breakdown is skipped, not the bench.
 */
function breakdown(file) {
  if (!internals) return { error: 'dist/scenario/load-file.js or dist/model/simulate.js not found' };
  const { loadScenarioFile, simulate } = internals;
  gc();
  const t0 = performance.now();
  const loaded = loadScenarioFile(file);
  const t1 = performance.now();
  const result = simulate(loaded.scenario, {});
  const t2 = performance.now();
  const json = JSON.stringify(result, null, 2);
  const t3 = performance.now();
  return { loadMs: t1 - t0, simulateMs: t2 - t1, jsonMs: t3 - t2, jsonBytes: json.length };
}

// --- 2. Ten services -------------------------------------------------------------------------

function benchTenServices(baselineEventsPerS) {
  heading(`2. Ten services with synchronous calls, four features (${TEN_DURATION_S} s simulated), best and median of ${ROUNDS}`);
  const file = write('ten.yaml', tenServicesYaml(TEN_DURATION_S));
  runCli(write('ten-warm.yaml', tenServicesYaml(TEN_WARM_DURATION_S)));
  const times = [], cpuTimes = [];
  let run;
  for (let i = 0; i < ROUNDS; i++) {
    run = runCli(file);
    times.push(run.ms);
    cpuTimes.push(run.cpuMs);
  }
  const r = run.result, events = r.events;
  const perS = events / (best(times) / 1000), perCpuS = events / (best(cpuTimes) / 1000);
  row('brownout (CLI path, in-process)', times, cpuTimes, events);
  console.log(`  target >= ${fmtRate(TARGET_EVENTS_PER_S).trim()};  the M/M/1 baseline loop ran ${fmtRate(baselineEventsPerS).trim()}, ` +
    `${(baselineEventsPerS / perS).toFixed(2)}x this rate (a simpler model: two events in the heap, one distribution)`);
  console.log('  service       workers  utilisation  rejected  wait mean ms  sojourn mean ms');
  for (const [name, s] of Object.entries(r.services)) {
    console.log(`  ${name.padEnd(13)} ${String(s.workers).padStart(7)}  ${s.utilization.toFixed(3).padStart(11)}  ` +
      `${String(s.rejected).padStart(8)}  ${s.queueWaitMs.mean.toFixed(3).padStart(12)}  ${s.sojournMs.mean.toFixed(3).padStart(15)}`);
  }
  const utils = Object.values(r.services).map((s) => s.utilization);
  const requests = Object.values(r.features).reduce((a, f) => a + f.arrivals, 0);
  console.log(`  ${fmtInt(requests)} user requests, ${(events / requests).toFixed(2)} events per request, ` +
    `utilisation ${Math.min(...utils).toFixed(2)}–${Math.max(...utils).toFixed(2)}`);
  return { eventsPerS: perS, eventsPerCpuS: perCpuS, bestMs: best(times), events, utilRange: [Math.min(...utils), Math.max(...utils)] };
}

// --- 5. Users and outcomes accounting --------------------------------------------------------

/**
 * The ten-service scenario with and without users (patience, own retries, conversion, SLOs):
 * what following users costs, as wall time per user request (patience adds an event per
 * request, so events per second would flatter it). Alternating rounds share the machine's drift.
 */
function benchOutcomes() {
  heading(`5. Users and outcomes accounting: ten services with and without users (${TEN_DURATION_S} s simulated), best of ${ROUNDS}`);
  const plain = write('ten-plain.yaml', tenServicesYaml(TEN_DURATION_S));
  const users = write('ten-users.yaml', tenServicesYaml(TEN_DURATION_S, true));
  runCli(write('ten-users-warm.yaml', tenServicesYaml(TEN_WARM_DURATION_S, true)));
  const t = { plain: [], users: [] }, cpu = { plain: [], users: [] }, last = {};
  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, file] of [['plain', plain], ['users', users]]) {
      const run = runCli(file);
      t[k].push(run.ms);
      cpu[k].push(run.cpuMs);
      last[k] = run.result;
    }
  }
  const requests = (r) => Object.values(r.features).reduce((a, f) => a + f.arrivals, 0);
  const perRequest = (k) => best(t[k]) / requests(last[k]);
  row('without users', t.plain, cpu.plain, last.plain.events);
  row('with users and outcomes', t.users, cpu.users, last.users.events);
  const cost = perRequest('users') / perRequest('plain') - 1;
  const abandoned = Object.values(last.users.features).reduce((a, f) => a + f.users.abandoned, 0);
  console.log(`  ${fmtInt(requests(last.users))} vs ${fmtInt(requests(last.plain))} requests (${fmtInt(abandoned)} users gave up); ` +
    `wall time per request: +${(cost * 100).toFixed(1)}%   target <= +${TARGET_OUTCOMES_COST * 100}%`);
  return { cost };
}

// --- 4. Storm -------------------------------------------------------------------------------

function benchStorm() {
  heading(`4. Storm: ten services at 2,000 requests/s for ${STORM_DURATION_S / 3600} h, timeouts, retries, budgets, a breaker, two faults (one run after a warm-up)`);
  runCli(write('storm-warm.yaml', stormYaml(STORM_WARM_DURATION_S)));
  const run = runCli(write('storm.yaml', stormYaml(STORM_DURATION_S)));
  const r = run.result, perS = r.events / (run.ms / 1000);
  row('brownout (CLI path, in-process)', [run.ms], [run.cpuMs], r.events);
  const edges = Object.values(r.edges);
  const sum = (k) => edges.reduce((a, e) => a + e[k], 0);
  console.log(`  ${fmtInt(sum('attempts'))} attempts, ${fmtInt(sum('retries'))} retries, ${fmtInt(sum('timeouts'))} timeouts, ` +
    `${fmtInt(sum('shortCircuited'))} short-circuited`);
  return { eventsPerS: perS, eventsPerCpuS: r.events / (run.cpuMs / 1000), ms: run.ms, events: r.events };
}

// --- 3. Memory -------------------------------------------------------------------------------

function child(requests) {
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'rss-child.js'), String(requests)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`rss-child ${requests} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function benchRss() {
  heading('3. Peak memory (maxRSS of a fresh process) through the CLI path, M/M/1');
  const rows = [0, 1_000_000, REQUESTS].map(child);
  for (const c of rows) {
    const what = c.requests === 0 ? 'CLI loaded, nothing run' : `${fmtInt(c.requests)} requests`;
    console.log(`  ${what.padEnd(24)} maxRSS ${(c.maxRssKB / 1024).toFixed(1).padStart(7)} MB` +
      (c.requests ? `   ${fmtInt(c.events).padStart(11)} events in ${fmtMs(c.wallMs).trim()}` : ''));
  }
  const [idle, small, large] = rows;
  const growth = large.maxRssKB / small.maxRssKB - 1;
  console.log(`  growth 1M -> 10M: ${(growth * 100).toFixed(1)}%   target <= ${TARGET_RSS_GROWTH * 100}%` +
    `   (run-dependent part over the loaded CLI: ${((small.maxRssKB - idle.maxRssKB) / 1024).toFixed(1)} MB -> ${((large.maxRssKB - idle.maxRssKB) / 1024).toFixed(1)} MB)`);
  return { growth, small, large };
}

// --- Summary ---------------------------------------------------------------------------------

function summary(mm1, ten, rss, storm, outcomes) {
  const phases = mm1.phases;
  heading('CLI path breakdown (M/M/1, 10M requests, one run)');
  if (phases.error) {
    console.log(`  skipped: ${phases.error}`);
  } else {
    const total = phases.loadMs + phases.simulateMs + phases.jsonMs;
    const pct = (x) => `${(100 * x / total).toFixed(1)}%`;
    console.log(`  read+parse+validate ${fmtMs(phases.loadMs)} (${pct(phases.loadMs)})   simulate ${fmtMs(phases.simulateMs)} (${pct(phases.simulateMs)})` +
      `   JSON ${fmtMs(phases.jsonMs)} (${pct(phases.jsonMs)}, ${fmtInt(phases.jsonBytes)} chars)`);
    console.log(`  simulate alone vs baseline: ${(phases.simulateMs / mm1.baseBestMs).toFixed(2)}x`);
  }
  const mark = (ok) => (ok ? 'PASS' : 'MISS');
  heading('Summary');
  const lines = [
    [mm1.ratio <= TARGET_RATIO, `M/M/1 10M via CLI within ${TARGET_RATIO}x of hand-written loop`,
      `${mm1.ratio.toFixed(2)}x (${mm1.cliBestMs.toFixed(0)} ms vs ${mm1.baseBestMs.toFixed(0)} ms; ` +
      `${(mm1.cliEventsPerS / 1e6).toFixed(2)} vs ${(mm1.baselineEventsPerS / 1e6).toFixed(2)} M events/s; CPU ratio ${mm1.ratioCpu.toFixed(2)}x)`],
    [ten.eventsPerS >= TARGET_EVENTS_PER_S, `ten services >= ${TARGET_EVENTS_PER_S / 1e6}M events/s`,
      `${(ten.eventsPerS / 1e6).toFixed(2)} M events/s (${fmtInt(ten.events)} events in ${ten.bestMs.toFixed(0)} ms; ${(ten.eventsPerCpuS / 1e6).toFixed(2)} M per CPU-s)`],
    [rss.growth <= TARGET_RSS_GROWTH, `peak RSS 1M -> 10M requests within ${TARGET_RSS_GROWTH * 100}%`,
      `${(rss.small.maxRssKB / 1024).toFixed(1)} MB -> ${(rss.large.maxRssKB / 1024).toFixed(1)} MB (${(rss.growth * 100).toFixed(1)}%)`],
    [outcomes.cost <= TARGET_OUTCOMES_COST, `users and outcomes accounting within +${TARGET_OUTCOMES_COST * 100}% per request`,
      `+${(outcomes.cost * 100).toFixed(1)}% wall time per request (ten services with users vs without)`],
    [storm.eventsPerS >= TARGET_STORM_EVENTS_PER_S, `storm (1 h, 2,000/s, timeouts, retries, faults) >= ${TARGET_STORM_EVENTS_PER_S / 1e6}M events/s`,
      `${(storm.eventsPerS / 1e6).toFixed(2)} M events/s (${fmtInt(storm.events)} events in ${storm.ms.toFixed(0)} ms; ${(storm.eventsPerCpuS / 1e6).toFixed(2)} M per CPU-s)`],
  ];
  for (const [ok, what, figure] of lines) console.log(`  ${mark(ok)}  ${what.padEnd(58)} ${figure}`);
  console.log(`  ${mm1.agree ? 'ok  ' : 'WARN'}  brownout, baseline and floor follow the same M/M/1 sample path`);
  console.log(`  info  measuring alone (the floor) costs ${mm1.floorRatio.toFixed(2)}x the bare loop; brownout is ${(mm1.ratio / mm1.floorRatio).toFixed(2)}x the floor`);
  const load = loadNote();
  if (load) console.log(`  note  ${load}`);
  console.log(`\n(bench took ${((performance.now() - benchStarted) / 1000).toFixed(1)} s; a benchmark, so a MISS does not fail the exit code)`);
}

// ---------------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'brownout-bench-'));
const benchStarted = performance.now();
try {
  run();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
