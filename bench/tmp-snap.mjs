import { loadScenarioFile } from '../dist/scenario/load-file.js';
import { Stepper } from '../dist/model/stepper.js';
import { summarize } from '../dist/outcomes/summarize.js';
for (const f of ['celebrity-spike', 'licence-outage', 'three-tier', 'webhook-outage', 'checkout-breaker', 'stale-stock']) {
  const { scenario } = loadScenarioFile(`scenarios/${f}.yaml`);
  let line = '';
  for (let rep = 0; rep < 4; rep++) {
    const run = new Stepper(scenario, {});
    const { start, width } = run.buckets;
    const t0 = performance.now();
    run.advance(start + Math.ceil((run.end * 0.5 - start) / width) * width);
    const t1 = performance.now();
    const partial = run.snapshot();
    const t2 = performance.now();
    run.advance(run.end); const r = run.result(); const t3 = performance.now();
    const o = summarize(r, scenario); const t4 = performance.now();
    line = `${f.padEnd(18)} half ${(t1 - t0).toFixed(0)} snapshot ${(t2 - t1).toFixed(1)} rest+result ${(t3 - t2).toFixed(0)} summarize ${(t4 - t3).toFixed(1)} ${partial ? '' : 'NO SNAPSHOT'}`;
  }
  console.log(line);
}
