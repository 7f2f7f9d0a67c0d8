// A development page for the Export menu: runs a bundled scenario in the worker, draws the charts and the heat map, and mounts the menu.
import { wrap } from 'comlink';
import type { WorkerApi } from '../../src/worker/protocol.js';
import type { Bus, Run } from '../view.js';
import { charts } from '../views/charts.js';
import { exporter } from '../views/export.js';
import { heatmap } from '../views/heatmap.js';

const files = import.meta.glob('../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const params = new URLSearchParams(location.search);
const file = params.get('scenario') ?? 'checkout-breaker.yaml';
const variant = params.get('variant') ?? undefined;
const seed = params.has('seed') ? Number(params.get('seed')) : undefined;
const request = { text: files[`../../scenarios/${file}`] ?? '', file, variant, seed };

const worker = wrap<WorkerApi>(new Worker(new URL('../../src/worker/worker.ts', import.meta.url), { type: 'module' }));
const $ = (id: string) => document.getElementById(id)!;
const bus: Bus = { setTime(t) { for (const v of views) v.time?.(t); }, highlight() {} };
const views = [heatmap($('heatmap'), bus), charts($('charts'), bus)];
let current: Run | null = null;

exporter($('export'), {
  current: () => (current ? { run: current, name: file, variant } : null),
  async brief() {
    const r = await worker.brief(request);
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
    return r.markdown;
  },
});

const response = await worker.run(request);
if (!response.ok) {
  $('status').textContent = response.problems.map((p) => p.message).join('; ');
} else {
  current = { result: response.result, outcomes: response.outcomes, wallMs: response.wallMs };
  for (const v of views) v.update(current);
  bus.setTime(current.outcomes.breaks[0]?.t ?? current.result.endMs);
  $('status').textContent = `${current.result.scenario}: ${current.result.events.toLocaleString()} events`;
  document.body.dataset.ready = 'true';
}
