// The page: owns the state (scenario text, knob values, variant, comparison, seed, time), sends
// requests to the simulators (runner.ts) and hands what comes back to the views. Views draw; a
// newer request makes every older answer stale, and a stale answer is never drawn.
import type { Frame, RunRequest, RunResponse, StoryStep, VariantInfo } from '../src/worker/protocol.js';
import { runner } from './runner.js';
import type { Bus, Run, View } from './view.js';
import { cards } from './views/cards.js';
import { charts } from './views/charts.js';
import { comparison } from './views/compare.js';
import { editor } from './views/editor.js';
import { heatmap } from './views/heatmap.js';
import { knobs } from './views/knobs.js';
import { present } from './views/present.js';
import { exporter } from './views/export.js';
import { decodeShare, encodeShare, type ShareState } from './share.js';
import { scrubber } from './views/scrubber.js';
import { timeline } from './views/timeline.js';
import { tabs } from './tabs.js';

const files = import.meta.glob('../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const csv = import.meta.glob('../scenarios/*.csv', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const sideFiles = Object.fromEntries(Object.entries(csv).map(([path, text]) => [path.split('/').pop()!, text]));
const bundled = Object.fromEntries(Object.entries(files).map(([path, text]) => [path.split('/').pop()!, text]));
const names = Object.keys(bundled).sort();

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const picker = $<HTMLSelectElement>('scenario'), seedInput = $<HTMLInputElement>('seed');
const status = $('status'), progress = $<HTMLProgressElement>('progress'), cancelButton = $<HTMLButtonElement>('cancel');

/** What the page shows; the URL holds it too (share.ts). */
const state = {
  file: names.includes('three-tier.yaml') ? 'three-tier.yaml' : names[0],
  params: {} as Record<string, number>,
  variant: '',
  compareWith: '',
  runs: 8,
  t: null as number | null,
};

const sim = runner((why) => {
  if (why !== 'cancelled') say(`${why[0].toUpperCase()}${why.slice(1)}; a fresh simulator took over. Your scenario is kept: press Run to try again.`);
});

// --- views and the shared cursor
let shown: RunRequest | null = null;
let current: Run | null = null, finished: Run | null = null, variants: VariantInfo[] = [], story: StoryStep[] = [];
const views: View[] = [];
const bus: Bus = {
  setTime(t) { state.t = t; for (const v of views) v.time?.(t); remember(); },
  highlight(steps) { for (const v of views) v.highlight?.(steps); },
};
const cardsView = cards($('cards'), bus);
views.push(scrubber($('scrubber'), bus), cardsView, heatmap($('heatmap'), bus), timeline($('timeline'), bus), charts($('charts'), bus));
const edit = editor($('editor'), { onChange: () => { void run(); } });
const knobsView = knobs($('knobs'), {
  onParams(values) { state.params = values; void run(); },
  onVariant(name) { state.variant = name; void run(); },
  onCompare(name, runs) { state.compareWith = name; state.runs = runs; void compareNow(); },
});
const compareView = comparison($('compare'), bus);
views.push({ update() {}, time: (t) => compareView.time(t) });
const presenter = present(document.body, bus, { story: () => story });
views.push(presenter);
$('tools').append(presenter.button());
exporter($('export'), {
  current: () => (current && shown ? { run: current, name: shown.file, variant: shown.variant } : null),
  async brief() {
    const r = await sim.brief(shown!);
    if (!r.ok) throw new Error(`${r.problems.length} problem(s) in the scenario`);
    return r.markdown;
  },
});
const side = tabs($('side'), [['Knobs', $('knobs')], ['Scenario (YAML)', $('editor')]]);

function say(text: string): void { status.textContent = text; }
function busy(fraction: number | null): void {
  progress.hidden = cancelButton.hidden = fraction === null;
  if (fraction !== null) progress.value = fraction;
}

function request(extra: Partial<RunRequest> = {}): RunRequest {
  const seed = Number.parseInt(seedInput.value, 10);
  return {
    text: edit.text(), file: state.file, files: sideFiles, seed: Number.isInteger(seed) ? seed : undefined,
    variant: state.variant || undefined, params: state.params, ...extra,
  };
}

// --- the interactive run: frames while it goes, the whole run at the end
let latest = 0;
async function run(): Promise<void> {
  const id = ++latest, req = request(), label = `${state.file}${req.variant ? ` (${req.variant})` : ''}`;
  say(`Running ${label}…`);
  busy(0);
  const asked = performance.now();
  let framed = false;
  let response: Awaited<ReturnType<typeof sim.run>>;
  try {
    response = await sim.run(req, (frame) => {
      if (id !== latest) return;
      showFrame(frame, label);
      if (!framed) { framed = true; performance.measure('brownout:first-frame', { start: asked, detail: state.file }); }
    });
  } catch (e) {
    if (id === latest) { busy(null); if ((e as Error).message !== 'cancelled') say(`The run failed: ${(e as Error).message}. Your scenario is kept; press Run to try again.`); }
    return;
  }
  if (id !== latest || ('cancelled' in response)) return; // a newer request is on its way: never draw a stale result
  busy(null);
  shown = req;
  show(response);
  // Request to finished drawing (the next frame paints it): the figure the speed test reports.
  requestAnimationFrame(() => performance.measure('brownout:redraw', { start: asked, detail: state.file }));
  if (response.ok && state.compareWith) void compareNow();
}

function showFrame(frame: Frame, label: string): void {
  busy(frame.progress);
  say(`Running ${label}… ${Math.round(frame.progress * 100)}% (showing the run so far)`);
  draw({ result: frame.result, outcomes: frame.outcomes, wallMs: 0, progress: frame.progress });
}

function draw(next: Run): void {
  current = next;
  for (const v of views) v.update(next);
  const first = next.outcomes.breaks[0], t = state.t ?? (first ? first.t : next.result.endMs);
  // A partial frame shows the cursor but does not choose it: the finished run's first break does.
  if (next.progress === undefined) bus.setTime(t);
  else for (const v of views) v.time?.(Math.min(t, next.result.endMs));
}

function show(response: RunResponse): void {
  if (!response.ok) {
    edit.problems(response.problems);
    side.select(1);
    const n = response.problems.length;
    say(`${n} problem${n === 1 ? '' : 's'} in the scenario${current ? ': showing the last good result' : ''}`);
    return;
  }
  edit.problems([]);
  variants = response.variants;
  if (state.variant && !variants.some((v) => v.name === state.variant)) state.variant = '';
  if (state.compareWith && state.compareWith !== 'base' && !variants.some((v) => v.name === state.compareWith)) state.compareWith = '';
  knobsView.show(response.knobs, state.params, variants, { variant: state.variant, compareWith: state.compareWith, runs: state.runs });
  remember();
  $('description').textContent = response.description ?? '';
  story = response.story;
  draw(finished = { result: response.result, outcomes: response.outcomes, wallMs: response.wallMs });
  const r = response.result;
  // The scenario's name is in the picker and the page title: the status line stays short at 1280 px.
  document.title = `${r.scenario}${state.variant ? ` (${state.variant})` : ''} — brownout`;
  status.title = `${r.scenario}: ${r.events.toLocaleString('en-US')} events`;
  say(r.status === 'complete'
    ? `${state.variant || 'base'}: ${r.events.toLocaleString('en-US')} events in ${(response.wallMs / 1000).toFixed(2)} s`
    : `Stopped early: ${r.stopReason ?? r.status}`);
}

// --- compare: both arms on the same seeds, spread over a pool of workers
let comparing = 0;
async function compareNow(): Promise<void> {
  const id = ++comparing;
  if (!state.compareWith) { compareView.clear(); cardsView.delta(null); return; }
  const base = request(), seeds = Array.from({ length: state.runs }, (_, i) => (base.seed ?? seedOfFile()) + i);
  const arms = [state.variant, state.compareWith === 'base' ? '' : state.compareWith];
  const requests = arms.flatMap((variant) => seeds.map((seed) => ({ ...base, seed, variant: variant || undefined })));
  compareView.pending(arms.map(armName), state.runs);
  let answers;
  try {
    answers = await sim.replicas(requests, (done) => { if (id === comparing) compareView.progress(done, requests.length); }, () => id !== comparing);
  } catch (e) {
    if (id === comparing) compareView.failed((e as Error).message);
    return;
  }
  if (id !== comparing || !answers) return;
  const failed = answers.find((a) => !a.ok);
  if (failed && !failed.ok) { compareView.failed(`${failed.problems.length} problem(s) in the scenario`); return; }
  const ok = answers.map((a) => (a.ok ? a : null)!);
  const byArm = arms.map((_, k) => ok.slice(k * seeds.length, (k + 1) * seeds.length));
  const report = compareView.show({ arms: arms.map(armName), byArm, currency: current?.outcomes.currency ?? '' });
  cardsView.delta(report.cards);
}
const armName = (variant: string) => variant || 'base';
/** The seed written in the file (the worker's default), for replication seeds when the box is empty. */
function seedOfFile(): number {
  return current?.result.seed ?? 1;
}

// --- the address holds the view, so a pasted link reproduces it
function shareState(): ShareState {
  const text = edit.text(), seed = Number.parseInt(seedInput.value, 10);
  return {
    scenario: state.file, text: text !== bundled[state.file] ? text : undefined, params: state.params,
    variant: state.variant || undefined, compare: state.compareWith ? [state.compareWith] : undefined,
    seed: Number.isInteger(seed) ? seed : undefined, t: state.t === null ? undefined : Math.round(state.t),
  };
}
let remembering: ReturnType<typeof setTimeout> | undefined;
function remember(): void {
  clearTimeout(remembering);
  remembering = setTimeout(async () => history.replaceState(null, '', await encodeShare(shareState())), 250);
}
$('share').addEventListener('click', async () => {
  clearTimeout(remembering);
  history.replaceState(null, '', await encodeShare(shareState()));
  try {
    await navigator.clipboard.writeText(location.href);
    say('Link copied: it opens this exact view (scenario, knobs, choice, seed and time)');
  } catch {
    say('The address bar now holds a link to this exact view: copy it from there');
  }
});

/** Opens the view a shared link describes; false when the address holds none. */
async function openShared(): Promise<boolean> {
  const shared = await decodeShare(location.hash);
  if (!shared || (shared.text === undefined && !(shared.scenario in bundled))) return false;
  if (!(shared.scenario in bundled)) picker.append(new Option(`${shared.scenario} (shared)`, shared.scenario));
  picker.value = state.file = shared.scenario;
  state.params = shared.params;
  state.variant = shared.variant ?? '';
  state.compareWith = shared.compare?.[0] ?? '';
  state.t = shared.t ?? null;
  if (shared.seed !== undefined) seedInput.value = String(shared.seed);
  edit.setText(shared.text ?? bundled[shared.scenario]);
  void run();
  return true;
}

// --- opening scenarios: the picker, a file, or a file dropped on the page
function load(file: string, text: string): void {
  state.file = file;
  state.params = {};
  state.t = null;
  edit.setText(text);
  void run();
}
picker.replaceChildren(...names.map((n) => new Option(n, n)));
picker.value = state.file;
picker.addEventListener('change', () => { state.variant = ''; state.compareWith = ''; void compareNow(); load(picker.value, bundled[picker.value]); });
async function openFile(f: File): Promise<void> {
  const option = [...picker.options].find((o) => o.value === f.name) ?? picker.appendChild(new Option(`${f.name} (opened)`, f.name));
  picker.value = option.value;
  load(f.name, await f.text());
}
const fileInput = $<HTMLInputElement>('file');
$('open').addEventListener('click', () => fileInput.click());
fileInput.addEventListener('change', () => { if (fileInput.files?.[0]) void openFile(fileInput.files[0]); fileInput.value = ''; });
const drop = $('drop');
window.addEventListener('dragover', (e) => { if (e.dataTransfer?.types.includes('Files')) { e.preventDefault(); drop.hidden = false; } });
window.addEventListener('dragleave', (e) => { if (e.relatedTarget === null) drop.hidden = true; });
window.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.hidden = true;
  const f = e.dataTransfer?.files[0];
  if (f) void openFile(f);
});

cancelButton.addEventListener('click', () => {
  latest++;
  sim.cancel();
  busy(null);
  if (finished && current !== finished) draw(finished);
  say(finished ? 'Cancelled: showing the last finished result' : 'Cancelled');
});
seedInput.addEventListener('change', () => void run());
$('run').addEventListener('click', () => void run());
// The story is clamped to three lines; a click shows it whole.
$('description').addEventListener('click', (e) => (e.currentTarget as HTMLElement).classList.add('open'));
$('description').title = 'Click to read the whole story';
if (!(await openShared())) load(state.file, bundled[state.file]);
