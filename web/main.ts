// The page: wires the views to one Web Worker that runs the simulator (src/worker). Views draw;
// this file owns the state (scenario text, seed, variant), the requests and the shared cursor.
import { wrap, type Remote } from 'comlink';
import type { CauseStep, RunRequest, RunResponse, WorkerApi } from '../src/worker/protocol.js';
import type { Bus, Run, View } from './view.js';
import { cards } from './views/cards.js';
import { charts } from './views/charts.js';
import { editor } from './views/editor.js';
import { heatmap } from './views/heatmap.js';
import { scrubber } from './views/scrubber.js';
import { timeline } from './views/timeline.js';

const files = import.meta.glob('../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const csv = import.meta.glob('../scenarios/*.csv', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const sideFiles = Object.fromEntries(Object.entries(csv).map(([path, text]) => [path.split('/').pop()!, text]));
const names = Object.keys(files).map((path) => path.split('/').pop()!).sort();

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const picker = $<HTMLSelectElement>('scenario'), variantPicker = $<HTMLSelectElement>('variant');
const seedInput = $<HTMLInputElement>('seed'), status = $('status');

// --- the worker: one at a time; a newer request makes older answers stale; a dead worker is replaced.
let worker: Worker, api: Remote<WorkerApi>;
function startWorker(): void {
  worker = new Worker(new URL('../src/worker/worker.ts', import.meta.url), { type: 'module' });
  api = wrap<WorkerApi>(worker);
  worker.addEventListener('error', () => {
    status.textContent = 'The simulator stopped unexpectedly; it has been restarted. Run again to retry.';
    worker.terminate();
    startWorker();
  });
}
startWorker();

// --- the views and the shared cursor
let current: Run | null = null;
const views: View[] = [];
const bus: Bus = {
  setTime(t) { for (const v of views) v.time?.(t); },
  highlight(steps: readonly CauseStep[] | null) { for (const v of views) v.highlight?.(steps); },
};
views.push(scrubber($('scrubber'), bus), cards($('cards'), bus), heatmap($('heatmap'), bus), timeline($('timeline'), bus), charts($('charts'), bus));
const edit = editor($('editor'), { onChange: (text) => void run(text) });

let latest = 0;
async function run(text = edit.text()): Promise<void> {
  const id = ++latest, file = picker.value, seed = Number.parseInt(seedInput.value, 10);
  const request: RunRequest = { text, file, files: sideFiles, seed: Number.isInteger(seed) ? seed : undefined, variant: variantPicker.value || undefined };
  status.textContent = `Running ${file}${request.variant ? ` (${request.variant})` : ''}…`;
  let response: RunResponse;
  try {
    response = await api.run(request);
  } catch (e) {
    if (id === latest) status.textContent = `The simulator failed: ${(e as Error).message ?? e}. Your scenario is kept; try again.`;
    return;
  }
  if (id !== latest) return; // a newer request is on its way: never draw a stale result
  show(response);
}

function show(response: RunResponse): void {
  if (!response.ok) {
    edit.problems(response.problems);
    const n = response.problems.length;
    status.textContent = `${n} problem${n === 1 ? '' : 's'} in the scenario${current ? ': showing the last good result' : ''}`;
    return;
  }
  edit.problems([]);
  const chosen = variantPicker.value;
  variantPicker.replaceChildren(new Option('base', ''), ...response.variants.map((v) => new Option(v.name, v.name)));
  variantPicker.value = response.variants.some((v) => v.name === chosen) ? chosen : '';
  variantPicker.title = response.variants.find((v) => v.name === variantPicker.value)?.description ?? '';
  $('description').textContent = response.description ?? '';
  current = { result: response.result, outcomes: response.outcomes, wallMs: response.wallMs };
  for (const v of views) v.update(current);
  const first = current.outcomes.breaks[0];
  bus.setTime(first ? first.t : current.result.endMs);
  status.textContent = `${current.result.scenario}: ${current.result.events.toLocaleString('en-US')} events in ${(response.wallMs / 1000).toFixed(2)} s`;
}

function load(file: string): void {
  variantPicker.replaceChildren(new Option('base', ''));
  edit.setText(files[`../scenarios/${file}`]);
  void run();
}

picker.replaceChildren(...names.map((n) => new Option(n, n)));
picker.value = names.includes('three-tier.yaml') ? 'three-tier.yaml' : names[0];
picker.addEventListener('change', () => load(picker.value));
variantPicker.addEventListener('change', () => void run());
$('run').addEventListener('click', () => void run());
// The story is clamped to three lines; a click shows it whole.
$('description').addEventListener('click', (e) => (e.currentTarget as HTMLElement).classList.add('open'));
$('description').title = 'Click to read the whole story';
seedInput.addEventListener('change', () => void run());
load(picker.value);
