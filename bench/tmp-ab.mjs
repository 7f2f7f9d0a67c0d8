// A/B: node bench/tmp-ab.mjs <distdir> <which> ; prints cpu ms of simulate
import { writeFileSync } from 'node:fs';
import { mm1Yaml, tenServicesYaml, stormYaml } from './scenarios.js';
const dist = process.argv[2], which = process.argv[3];
const { loadScenarioFile } = await import(dist + '/scenario/load-file.js');
const { simulate } = await import(dist + '/model/simulate.js');
let file;
if (which.endsWith('.yaml')) file = which; else {
  const text = which === 'mm1' ? mm1Yaml(3_000_000) : which === 'ten' ? tenServicesYaml(200) : stormYaml(600);
  file = `/tmp/prof/ab-${which}.yaml`; writeFileSync(file, text);
}
const { scenario } = loadScenarioFile(file);
simulate(scenario, {});
let best = Infinity, ev;
for (let i = 0; i < 3; i++) { const c = process.cpuUsage(); const r = simulate(scenario, {}); const d = process.cpuUsage(c); best = Math.min(best, (d.user + d.system) / 1000); ev = r.events; }
console.log(which, dist.includes('-old') ? 'old' : 'new', best.toFixed(0), 'ms cpu', (ev / best / 1000).toFixed(2), 'M ev/s');
if (globalThis.__st) { const s = globalThis.__st; console.log({ meanPending: s.len / s.pops, walkPerPop: s.walk / s.pops, searchPerPop: s.search / s.pops, directPerPop: s.direct / s.pops, rebuilds: s.rb, nb: s.nb, width: s.width }); }
