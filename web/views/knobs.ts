/**
 * Choices and knobs: the variant to run (a radio group: the failure-allocation choice), what to
 * compare it with, and a slider per knob, grouped (storm, then each service). Sliders report
 * every move (`onParams`); the page runs the newest and drops the rest, so dragging never queues
 * runs. A knob left at the file's value is not sent.
 */
import { showKnob } from '../../src/scenario/knob-format.js';
import type { Knob, VariantInfo } from '../../src/worker/protocol.js';
import './knobs.css';

export interface KnobsHandlers {
  /** Knob values that differ from the file's, by parameter path (slider units). */
  onParams(values: Record<string, number>): void;
  onVariant(name: string): void;
  /** '' for no comparison, 'base', or a variant's name; runs per arm. */
  onCompare(name: string, runs: number): void;
}

export interface Choice {
  variant: string;
  compareWith: string;
  runs: number;
}

export interface KnobsView {
  show(knobs: Knob[], values: Record<string, number>, variants: VariantInfo[], choice: Choice): void;
}

let ids = 0;

const sameValues = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

export function knobs(el: HTMLElement, on: KnobsHandlers): KnobsView {
  el.classList.add('bo-knobs');
  el.innerHTML = `
    <fieldset class="bo-choice" hidden><legend>Choice</legend><div class="bo-variants" role="radiogroup" aria-label="Variant to run"></div>
      <label class="bo-compare-with">Compare with <select></select></label>
      <label class="bo-runs">Runs each <input type="number" min="2" max="40" step="1" /></label></fieldset>
    <div class="bo-knobs-head"><h2>Knobs</h2><button type="button" class="quiet bo-reset" disabled>Reset to the file</button></div>
    <div class="bo-sliders"></div>`;
  const radios = el.querySelector<HTMLElement>('.bo-variants')!, against = el.querySelector('select')!;
  const runs = el.querySelector<HTMLInputElement>('.bo-runs input')!, sliders = el.querySelector<HTMLElement>('.bo-sliders')!;
  const reset = el.querySelector<HTMLButtonElement>('.bo-reset')!;
  const name = `bo-variant-${++ids}`;
  let shown: Knob[] = [], values: Record<string, number> = {}, key = '';

  const changed = () => on.onParams(Object.fromEntries(Object.entries(values).filter(([p, v]) => shown.find((k) => k.param === p)?.value !== v)));
  reset.addEventListener('click', () => { values = {}; drawSliders(); changed(); });
  against.addEventListener('change', () => on.onCompare(against.value, Number(runs.value)));
  runs.addEventListener('change', () => {
    runs.value = String(Math.max(2, Math.min(40, Math.round(Number(runs.value)) || 8)));
    if (against.value) on.onCompare(against.value, Number(runs.value));
  });

  let variantsKey = '';
  function drawChoice(variants: VariantInfo[], choice: Choice): void {
    const all = [{ name: '', description: 'The scenario as written, without any variant' }, ...variants];
    // Rebuilt only when the variants change: a keyboard user keeps focus on the radio they moved to.
    const key = JSON.stringify(all);
    if (key === variantsKey) {
      radios.querySelectorAll('input').forEach((r) => { r.checked = r.value === choice.variant; });
    } else {
      variantsKey = key;
      radios.replaceChildren(...radiosOf(all, choice));
    }
    const others = all.filter((v) => v.name !== choice.variant).map((v) => v.name || 'base');
    if (JSON.stringify([...against.options].slice(1).map((o) => o.value)) !== JSON.stringify(others)) {
      against.replaceChildren(new Option('nothing', ''), ...others.map((n) => new Option(n, n)));
    }
    against.value = others.includes(choice.compareWith) ? choice.compareWith : '';
    against.disabled = others.length === 0;
    el.querySelector<HTMLElement>('.bo-choice')!.hidden = variants.length === 0;
    if (document.activeElement !== runs) runs.value = String(choice.runs);
  }

  function radiosOf(all: VariantInfo[], choice: Choice): HTMLElement[] {
    return all.map((v) => {
      const label = document.createElement('label');
      label.title = v.description ?? '';
      const input = label.appendChild(document.createElement('input'));
      Object.assign(input, { type: 'radio', name, value: v.name, checked: v.name === choice.variant });
      input.addEventListener('change', () => on.onVariant(v.name));
      label.append(v.name || 'base');
      return label;
    });
  }

  function drawSliders(): void {
    const groups = new Map<string, Knob[]>();
    for (const k of shown) groups.set(k.group, [...(groups.get(k.group) ?? []), k]);
    sliders.replaceChildren(...[...groups].map(([group, ks]) => {
      const section = document.createElement('section');
      section.appendChild(document.createElement('h3')).textContent = group;
      for (const k of ks) section.appendChild(slider(k));
      return section;
    }));
    reset.disabled = Object.keys(values).length === 0;
  }

  function slider(k: Knob): HTMLElement {
    const row = document.createElement('label');
    row.className = 'bo-slider';
    const value = values[k.param] ?? k.value;
    row.innerHTML = '<span class="bo-slider-label"></span><output></output><input type="range" />';
    row.querySelector('.bo-slider-label')!.textContent = k.label;
    row.title = `${k.param}${k.note ? ` — ${k.note}` : ''}${k.declared ? '' : ' (offered for every storm and service; declare knobs: in the file to choose your own)'}`;
    const out = row.querySelector('output')!, input = row.querySelector('input')!;
    Object.assign(input, { min: String(k.min), max: String(k.max), step: String(k.step), value: String(value) });
    const label = (v: number) => { out.textContent = showKnob(k, v); input.setAttribute('aria-valuetext', out.textContent); };
    label(value);
    row.classList.toggle('bo-moved', value !== k.value);
    input.addEventListener('input', () => {
      const v = Number(input.value);
      label(v);
      if (v === k.value) delete values[k.param]; else values[k.param] = v;
      row.classList.toggle('bo-moved', v !== k.value);
      reset.disabled = Object.keys(values).length === 0;
      changed();
    });
    return row;
  }

  return {
    show(next, current, variants, choice) {
      drawChoice(variants, choice);
      // Redraw the sliders only when the knobs change, or the values differ from what the sliders
      // show (a cancelled run puts them back): never under a dragging pointer, which set them.
      const nextKey = JSON.stringify(next), moved = !sameValues(values, current);
      values = { ...current };
      if (nextKey !== key || moved) { key = nextKey; shown = next; drawSliders(); }
    },
  };
}
