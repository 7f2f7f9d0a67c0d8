// Every bundled scenario (scenarios/*.yaml), simulated in-process through dist/ (no CLI, no
// JSON): events, wall time of one run and events per second. Informational: no target.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { best, cpuSince, fmtInt, fmtMs, fmtRate, gc, heading } from './util.js';

const SCENARIOS = fileURLToPath(new URL('../scenarios/', import.meta.url));

/**
 * One row per bundled scenario: a warm-up run, then the best of `rounds`.
 * @param {{ loadScenarioFile: Function, simulate: Function } | null} internals
 * @returns {{ rows: { file: string, events: number, ms: number, perS: number }[] } | { error: string }}
 */
export function benchBundled(internals, rounds) {
  heading(`7. Every bundled scenario, one run in-process (simulate through dist/), best of ${rounds} after a warm-up`);
  if (!internals) {
    console.log('  skipped: dist/scenario/load-file.js or dist/model/simulate.js not found');
    return { error: 'internals not found' };
  }
  const rows = [];
  console.log(`  ${'scenario'.padEnd(26)} ${'events'.padStart(11)}   wall best        cpu best    rate`);
  for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort()) {
    const loaded = internals.loadScenarioFile(join(SCENARIOS, file));
    if (!loaded.ok) {
      console.log(`  ${file.padEnd(26)} does not load: ${loaded.problems[0]?.message}`);
      continue;
    }
    internals.simulate(loaded.scenario, {});
    const times = [], cpu = [];
    let events = 0;
    for (let i = 0; i < rounds; i++) {
      gc();
      const cpu0 = process.cpuUsage(), started = performance.now();
      events = internals.simulate(loaded.scenario, {}).events;
      times.push(performance.now() - started);
      cpu.push(cpuSince(cpu0));
    }
    const ms = best(times), perS = events / (ms / 1000);
    rows.push({ file, events, ms, perS });
    console.log(`  ${file.padEnd(26)} ${fmtInt(events).padStart(11)}   ${fmtMs(ms)}   ${fmtMs(best(cpu))}   ${fmtRate(perS)}`);
  }
  return { rows };
}
