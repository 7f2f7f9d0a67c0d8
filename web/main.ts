// The page: owns the state (scenario text, knob values, variant, comparison, seed, time), sends
// requests to the simulators (runner.ts) and hands what comes back to the views. Views draw; a
// newer request makes every older answer stale, and a stale answer is never drawn.
import type { Frame, Knob, RunRequest, RunResponse, StoryStep, VariantInfo } from '../src/worker/protocol.js';
import { runner } from './runner.js';
import { unpackSeries } from '../src/worker/pack.js';
import { showKnob } from '../src/scenario/knob-format.js';
import type { Bus, Run, View } from './view.js';
import { cards } from './views/cards.js';
import { charts } from './views/charts.js';
import { comparison } from './views/compare.js';
import type { CardKey } from './views/cards-data.js';
import type { CardDelta } from './views/compare-data.js';
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
  say(`${why[0].toUpperCase()}${why.slice(1)}; a fresh simulator took over. Your scenario is kept: press Run to try again.`);
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
const edit = editor($('editor'), { onChange: () => { textEdited = true; run(); } });
const knobsView = knobs($('knobs'), {
  onParams(values) { state.params = values; run(); },
  onVariant(name) {
    state.variant = name;
    if (!comparable(state.compareWith)) state.compareWith = '';
    void compareNow();
    run();
  },
  onCompare(name, runs) { state.compareWith = name; state.runs = runs; remember(); void compareNow(); },
});
const compareView = comparison($('compare'), bus, () => { state.compareWith = ''; showChoice(); void compareNow(); });
views.push({ update() {}, time: (t) => compareView.time(t) });
const presenter = present(document.body, bus, { story: () => story });
views.push(presenter);
$('tools').append(presenter.button());
exporter($('export'), {
  current: () => (finished && shown ? { run: finished, name: shown.file, variant: shown.variant, knobs: movedKnobs(shown.params ?? {}) } : null),
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

// --- the interactive run: one in flight at a time. A newer request cancels it (the worker stops
// between slices) and waits; when it settles, the newest request is sent. Dragging a slider
// therefore never queues runs, and only the newest answer is drawn.
let latest = 0, inFlight = false, again = false, textEdited = false;
function run(): void {
  latest++;
  if (inFlight) { again = true; sim.stop(); return; }
  void send();
}

async function send(): Promise<void> {
  const id = latest, req = request(), label = `${state.file}${req.variant ? ` (${req.variant})` : ''}`;
  say(`Running ${label}…`);
  busy(0);
  cardsView.delta(null);
  // A comparison still running is of the old settings: abandon it (it restarts when this run is drawn).
  if (state.compareWith) { comparing++; compareView.stale(); }
  const asked = performance.now();
  let framed = false, settled = false;
  let response: Awaited<ReturnType<typeof sim.run>> | null = null;
  inFlight = true;
  performance.mark('brownout:start');
  try {
    response = await sim.run(req, (frame) => {
      // Frames and the answer travel on different ports: a frame after the answer is dropped.
      if (id !== latest || settled) return;
      showFrame(frame, label);
      if (!framed) { framed = true; afterPaint(() => performance.measure('brownout:first-frame', { start: asked, detail: state.file })); }
    });
  } catch (e) {
    if (id === latest) {
      busy(null);
      backToShown(); // not a partial frame of a run that will never end
      // A dead worker was already announced (runner's onDeath); anything else is said here.
      const why = (e as Error).message;
      if (!why.startsWith('the simulator stopped')) say(`The run failed: ${why}. Your scenario is kept; press Run to try again.`);
    }
  } finally {
    settled = true;
    inFlight = false;
    performance.mark('brownout:settled');
  }
  if (again) { again = false; void send(); return; }
  if (!response || id !== latest || 'cancelled' in response) return;
  busy(null);
  show(response, req);
  // Request to finished drawing, painted: the figure the speed test reports.
  afterPaint(() => performance.measure('brownout:redraw', { start: asked, detail: state.file }));
  if (response.ok && state.compareWith) void compareNow();
}

/** Calls `f` once the browser has painted what was drawn (after the next frame's paint). */
const afterPaint = (f: () => void) => requestAnimationFrame(() => setTimeout(f, 0));

function showFrame(frame: Frame, label: string): void {
  busy(frame.progress);
  say(`Running ${label}… ${Math.round(frame.progress * 100)}% (showing the run so far)`);
  draw({ result: { ...frame.result, series: unpackSeries(frame.series) }, outcomes: frame.outcomes, wallMs: 0, progress: frame.progress });
}

function draw(next: Run): void {
  const began = performance.now();
  current = next;
  for (const v of views) v.update(next);
  performance.measure('brownout:draw', { start: began, detail: next.progress === undefined ? 'final' : 'frame' });
  const first = next.outcomes.breaks[0], t = state.t ?? (first ? first.t : next.result.endMs);
  // A partial frame shows the cursor but does not choose it: the finished run's first break does.
  if (next.progress === undefined) bus.setTime(t);
  else for (const v of views) v.time?.(Math.min(t, next.result.endMs));
}

function show(response: RunResponse, req: RunRequest): void {
  if (!response.ok) {
    edit.problems(response.problems);
    // Problems of an edit are read in the editor; a clash of slider values is said in the status line.
    if (textEdited) side.select(1);
    side.mark(1, String(response.problems.length));
    const n = response.problems.length;
    say(`${n} problem${n === 1 ? '' : 's'} in the scenario${current ? ': showing the last good result' : ''}`);
    compareView.fresh();
    return;
  }
  // Slider values for fields an edit changed or removed are dropped, and the text runs again first.
  if (dropStaleKnobs(response.knobs)) { run(); return; }
  edit.problems([]);
  side.mark(1, null);
  textEdited = false;
  shown = req;
  variants = response.variants;
  if (state.variant && !variants.some((v) => v.name === state.variant)) state.variant = '';
  if (!comparable(state.compareWith)) { state.compareWith = ''; void compareNow(); }
  showChoice();
  remember();
  describe(response.description ?? '');
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
let comparing = 0, deltas: Map<CardKey, CardDelta> | null = null;
async function compareNow(): Promise<void> {
  const id = ++comparing;
  if (!state.compareWith) { compareView.clear(); cardsView.delta(deltas = null); return; }
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
  if (failed && !failed.ok) { compareView.failed(failed.error ?? `${failed.problems.length} problem(s) in the scenario`); return; }
  const ok = answers.map((a) => (a.ok ? a : null)!);
  const byArm = arms.map((_, k) => ok.slice(k * seeds.length, (k + 1) * seeds.length));
  const report = compareView.show({ arms: arms.map(armName), byArm, currency: current?.outcomes.currency ?? '' });
  cardsView.delta(deltas = report.cards);
}
const armName = (variant: string) => variant || 'base';
/** The knobs a request moved from the file's values, as the sliders read them. */
function movedKnobs(params: Record<string, number>): string[] {
  return Object.entries(params).flatMap(([p, v]) => {
    const k = knobsShown.find((x) => x.param === p);
    return k ? [`${k.label} ${showKnob(k, v)}`] : [];
  });
}

function showChoice(): void {
  knobsView.show(knobsShown, state.params, variants, { variant: state.variant, compareWith: state.compareWith, runs: state.runs });
}

/** Whether `name` ('' for none) can be compared with the variant shown: declared, and not the same arm. */
function comparable(name: string): boolean {
  return name === '' || (name !== armName(state.variant) && (name === 'base' || variants.some((v) => v.name === name)));
}

/**
 * Slider values whose knob is gone, or whose value in the file changed (an edit of the text),
 * are dropped: the file is the truth after an edit. True when any was.
 */
let knobsShown: Knob[] = [];
function dropStaleKnobs(knobs: Knob[]): boolean {
  const before = new Map(knobsShown.map((k) => [k.param, k.value]));
  knobsShown = knobs;
  const stale = Object.keys(state.params).filter((p) => {
    const now = knobs.find((k) => k.param === p);
    return !now || (before.has(p) && before.get(p) !== now.value);
  });
  for (const p of stale) delete state.params[p];
  return stale.length > 0;
}
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
    const button = $('share');
    button.textContent = 'Copied ✓';
    setTimeout(() => { button.textContent = 'Copy link'; }, 2000);
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
  else if (shared.text !== undefined) picker.options[names.indexOf(shared.scenario)].text = `${shared.scenario} (edited)`;
  picker.value = state.file = shared.scenario;
  state.params = shared.params;
  state.variant = shared.variant ?? '';
  state.compareWith = shared.compare?.[0] ?? '';
  state.t = shared.t ?? null;
  if (shared.seed !== undefined) seedInput.value = String(shared.seed);
  edit.setText(shared.text ?? bundled[shared.scenario]);
  knobsShown = [];
  void compareNow();
  run();
  return true;
}
// A link pasted into this tab changes only the fragment: open it (replaceState, our own updates, fires no hashchange).
window.addEventListener('hashchange', () => void openShared());

// --- opening scenarios: the picker, a file, or a file dropped on the page
function load(file: string, text: string): void {
  Object.assign(state, { file, params: {}, t: null, variant: '', compareWith: '' });
  knobsShown = [];
  textEdited = true; // a new text: its problems are read in the editor
  void compareNow();
  edit.setText(text);
  run();
}
picker.replaceChildren(...names.map((n) => new Option(n, n)));
picker.value = state.file;
picker.addEventListener('change', () => load(picker.value, bundled[picker.value]));
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
  again = false; // a change waiting behind the run is cancelled too
  sim.stop();
  busy(null);
  backToShown();
  say(finished ? 'Cancelled: showing the last finished result' : 'Cancelled');
});

/**
 * After a cancelled or failed run, the page shows the last finished run again with the settings
 * that made it (sliders, choice, address), and its comparison as it was.
 */
function backToShown(): void {
  if (shown) {
    state.params = { ...(shown.params ?? {}) };
    state.variant = shown.variant ?? '';
    showChoice();
  }
  if (finished && current !== finished) draw(finished);
  compareView.fresh();
  if (state.compareWith) cardsView.delta(deltas);
  remember();
}
seedInput.addEventListener('change', () => run());
$('run').addEventListener('click', () => run());
// The story is clamped to three lines; "Read the whole story" (or a click on it) shows it whole.
const description = $('description'), more = $('more');
function describe(text: string): void {
  if (description.textContent === text) return;
  description.textContent = text;
  description.classList.remove('open');
  more.hidden = description.scrollHeight <= description.clientHeight + 1;
}
const readAll = () => { description.classList.add('open'); more.hidden = true; };
description.addEventListener('click', readAll);
more.addEventListener('click', readAll);
if (!(await openShared())) load(state.file, bundled[state.file]);
