// A development page for presentation mode: the app's views on a bundled scenario (checkout-breaker
// by default, ?scenario=NAME.yaml), with a story for it written here until the worker sends the
// scenario's own (`?story=none` presents the breaks alone).
import { wrap } from 'comlink';
import type { WorkerApi } from '../../src/worker/protocol.js';
import type { Bus, Run, View } from '../view.js';
import { cards } from '../views/cards.js';
import { charts } from '../views/charts.js';
import { heatmap } from '../views/heatmap.js';
import { present } from '../views/present.js';
import type { StoryStep } from '../views/present-data.js';
import { scrubber } from '../views/scrubber.js';
import { timeline } from '../views/timeline.js';

const files = import.meta.glob('../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const params = new URLSearchParams(location.search);
const file = params.get('scenario') ?? 'checkout-breaker.yaml';
const text = files[`../../scenarios/${file}`] ?? '';

// Times are ms from the start of the run (warmup included), as the breaks'.
const STORY: StoryStep[] = [
  { atMs: 60_000, text: 'A normal afternoon: 100 checkouts a second, every payment goes through.' },
  { atMs: 300_000, text: 'At 05:00 the payments provider starts failing every request. Watch checkout.' },
  { atMs: 420_000, text: 'Two minutes later payments recover; the breaker probes, closes, and orders flow again.' },
];
const story = params.get('story') === 'none' ? [] : STORY;

const $ = (id: string) => document.getElementById(id)!;
const views: View[] = [];
const bus: Bus = {
  setTime(t) { for (const v of views) v.time?.(t); },
  highlight(steps) { for (const v of views) v.highlight?.(steps); },
};
const presenter = present(document.body, bus, { story: () => story });
views.push(scrubber($('scrubber'), bus), cards($('cards'), bus), heatmap($('heatmap'), bus), timeline($('timeline'), bus), charts($('charts'), bus), presenter);
$('present-slot').replaceWith(presenter.button());

const worker = wrap<WorkerApi>(new Worker(new URL('../../src/worker/worker.ts', import.meta.url), { type: 'module' }));
const response = await worker.run({ text, file });
if (!response.ok) {
  $('status').textContent = response.problems.map((p) => p.message).join('; ');
} else {
  const run: Run = { result: response.result, outcomes: response.outcomes, wallMs: response.wallMs };
  $('description').textContent = response.description ?? '';
  for (const v of views) v.update(run);
  bus.setTime(run.outcomes.breaks[0]?.t ?? run.result.endMs);
  $('status').textContent = `${run.result.scenario}: ${run.result.events.toLocaleString('en-US')} events`;
  document.body.dataset.ready = 'true';
}
