// A development page for the heat map alone: runs a scenario (celebrity-spike) in the worker and mounts the view.
import { wrap } from 'comlink';
import type { WorkerApi } from '../../src/worker/protocol.js';
import type { Bus, Run } from '../view.js';
import { heatmap } from '../views/heatmap.js';

// ?scenario=NAME.yaml picks another bundled scenario, ?variant=NAME one of its variants.
const files = import.meta.glob('../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const params = new URLSearchParams(location.search);
const file = params.get('scenario') ?? 'celebrity-spike.yaml';
const text = files[`../../scenarios/${file}`] ?? '';

const worker = wrap<WorkerApi>(new Worker(new URL('../../src/worker/worker.ts', import.meta.url), { type: 'module' }));
const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const slider = $<HTMLInputElement>('#time');

const bus: Bus = {
  setTime(t) { view.time?.(t); slider.value = String(t); $('#clock').textContent = `${Math.round(t / 1000)} s`; },
  highlight(steps) { view.highlight?.(steps); },
};
const view = heatmap($('#view'), bus);

const response = await worker.run({ text, file, variant: params.get('variant') ?? undefined });
if (!response.ok) {
  $('#status').textContent = response.problems.map((p) => p.message).join('; ');
} else {
  const run: Run = { result: response.result, outcomes: response.outcomes, wallMs: response.wallMs };
  view.update(run);
  slider.min = String(run.result.warmupMs);
  slider.max = String(run.result.endMs - 1);
  // Open on the peak of the spike (t=10:00) unless the address says otherwise (?t=ms).
  bus.setTime(Number(params.get('t') ?? 600_000));
  slider.addEventListener('input', () => bus.setTime(Number(slider.value)));
  $('#cause').addEventListener('click', () => bus.highlight(run.outcomes.breaks[0]?.path.steps ?? null));
  $('#clear').addEventListener('click', () => bus.highlight(null));
  $('#status').textContent = `${run.result.scenario}: ${run.result.events.toLocaleString()} events`;
  document.body.dataset.ready = 'true';
}
