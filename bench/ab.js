// A/B of two builds of the engine on the bundled scenarios (not a test: it prints figures, exits 0
// unless a result differs).
//
//   node bench/ab.js DIR_A DIR_B [rounds] [scenario ...]
//
// DIR_A and DIR_B are built copies of dist/ (e.g. `npm run build:cli && cp -r dist dist-a`, then
// change the code, build again and pass dist); a copy must find the project's node_modules from
// where it sits (inside the repository, or next to a link to node_modules). Each round runs every scenario once per build in
// separate processes, the two in alternating order, so drift on a shared machine hits both alike;
// a process warms up on three runs and times six, in CPU time (process.cpuUsage: steadier than
// wall time when other work competes). It reports the median over rounds of each process's
// median, events per CPU second, and whether the two builds' results are bit-identical (the JSON
// of every run, compared by hash).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './util.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const WARM = 3, TIMED = 6;

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else main(process.argv.slice(2));

/** One process, one build, one scenario: prints { events, ms (median CPU per run), hash }. */
async function child(dist, name) {
  const load = await import(pathToFileURL(join(dist, 'scenario/load-file.js')).href);
  const { simulate } = await import(pathToFileURL(join(dist, 'model/simulate.js')).href);
  const parsed = load.loadScenarioFile(join(root, 'scenarios', `${name}.yaml`));
  if (!parsed.ok) throw new Error(`${name} does not load`);
  let result;
  for (let i = 0; i < WARM; i++) result = simulate(parsed.scenario);
  const times = [];
  for (let i = 0; i < TIMED; i++) {
    const from = process.cpuUsage();
    result = simulate(parsed.scenario);
    const used = process.cpuUsage(from);
    times.push((used.user + used.system) / 1000);
  }
  const hash = createHash('sha1').update(JSON.stringify(result)).digest('hex');
  console.log(JSON.stringify({ events: result.events, ms: median(times), hash }));
}

function main([a, b, rounds = '6', ...names]) {
  if (!a || !b) {
    console.error('usage: node bench/ab.js DIR_A DIR_B [rounds] [scenario ...]');
    process.exit(2);
  }
  const scenarios = names.length > 0 ? names : readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
  let differ = false;
  console.log(`A = ${a}\nB = ${b}\n${rounds} rounds; CPU ms per run (median of rounds), events per CPU second`);
  for (const name of scenarios) {
    const ms = { A: [], B: [] }, hash = {};
    let events = 0;
    for (let r = 0; r < Number(rounds); r++) {
      for (const [k, dist] of r % 2 ? [['B', b], ['A', a]] : [['A', a], ['B', b]]) {
        const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', resolve(dist), name], { encoding: 'utf8' });
        if (out.status !== 0) throw new Error(`${name} on ${dist} failed:\n${out.stderr}`);
        const got = JSON.parse(out.stdout.trim().split('\n').pop());
        ms[k].push(got.ms);
        hash[k] = got.hash;
        events = got.events;
      }
    }
    const ma = median(ms.A), mb = median(ms.B), same = hash.A === hash.B;
    differ ||= !same;
    console.log(`${name.padEnd(22)} ${fmt(ma)} -> ${fmt(mb)} ms  (${((mb / ma - 1) * 100).toFixed(1).padStart(5)}%)  ` +
      `${(events / ma / 1000).toFixed(2)} -> ${(events / mb / 1000).toFixed(2)} M events/s  ${same ? 'identical' : 'RESULTS DIFFER'}`);
  }
  if (differ) process.exit(1);
}

function fmt(ms) {
  return ms.toFixed(1).padStart(7);
}
