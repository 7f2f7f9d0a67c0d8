/**
 * Presentation mode for an instructor at a projector: the page in large type and high contrast
 * (body.presenting, present.css), and a caption fixed at the bottom that steps through the
 * scenario's story and the run's breaks with the keyboard (or a clicker). Each stop moves the
 * shared time cursor there (eased over about a second, so the class watches the storm spread,
 * unless the viewer prefers reduced motion); a break's stop highlights its cause path.
 */
import type { Bus, Run, View } from '../view.js';
import { cursorAt, indexAfter, moveOf, position, stopsOf, type Move, type Stop, type StoryStep } from './present-data.js';
import './present.css';

/** How long the cursor takes from one stop to the next, ms of wall time. */
const GLIDE_MS = 1000;
const KEYS_HINT = '→ or Space: next · ←: back · Home / End · Esc: leave';

export interface Presenter extends View {
  /** Enters presentation mode at the first stop (does nothing when already presenting). */
  open(): void;
  /** Leaves presentation mode: the page's normal look, the highlight cleared, the cursor left where it is. */
  close(): void;
  isOpen(): boolean;
  /** The entry button for the page header ("Present", `aria-pressed` while presenting); the same button on every call. */
  button(): HTMLButtonElement;
}

export interface PresentDeps {
  /** The current scenario's story (empty without one); read on open and on each new run. */
  story(): readonly StoryStep[];
}

export function present(el: HTMLElement, bus: Bus, deps: PresentDeps): Presenter {
  const panel = caption(el);
  const $ = <T extends HTMLElement>(sel: string) => panel.querySelector<T>(sel)!;
  let run: Run | null = null, stops: Stop[] = [], index = 0, opened = false, entry: HTMLButtonElement | null = null;
  let cursor: number | null = null, frame = 0, ours = false;

  /** Moves every view's cursor, remembering the move is ours (an outside move cancels a glide). */
  function setTime(t: number): void {
    ours = true;
    try { bus.setTime(t); } finally { ours = false; }
  }

  function stopGlide(): void {
    cancelAnimationFrame(frame);
    frame = 0;
  }

  /** Glides the cursor forward to `to`; jumps when going back, when there is no cursor yet, or for reduced motion. */
  function moveCursor(to: number): void {
    stopGlide();
    const from = cursor;
    if (from === null || to <= from || matchMedia('(prefers-reduced-motion: reduce)').matches) { setTime(to); return; }
    const start = performance.now();
    const step = (now: number) => {
      const t = cursorAt(from, to, now - start, GLIDE_MS);
      setTime(t);
      frame = t === to ? 0 : requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
  }

  function show(i: number, glide: boolean): void {
    index = i;
    const stop = stops[i];
    $('.bo-present-pos').textContent = stop ? position(i, stops.length) : '';
    $('.bo-present-time').textContent = stop?.time ?? '';
    $('.bo-present-title').textContent = stop?.title ?? '';
    $('.bo-present-title').hidden = !stop?.title;
    $('.bo-present-text').textContent = stop?.text ?? 'The run is still on its way.';
    $('.bo-present-why').textContent = stop?.why ?? '';
    $('.bo-present-why').hidden = !stop?.why;
    panel.dataset.kind = stop?.kind ?? '';
    $<HTMLButtonElement>('.bo-present-prev').disabled = i <= 0;
    $<HTMLButtonElement>('.bo-present-next').disabled = i >= stops.length - 1;
    if (!stop) return;
    bus.highlight(stop.steps);
    if (glide) moveCursor(stop.t);
    else { stopGlide(); setTime(stop.t); }
  }

  function move(m: Move): void {
    if (m === 'close') { close(); return; }
    const next = indexAfter(m, index, stops.length);
    if (next !== index) show(next, m === 'next');
  }

  function onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented) return; // a view used the key (a chart moves its cursor with the arrows)
    const m = moveOf(e.key, e);
    if (!m || (m !== 'close' && ownsKey(e.target, e.key))) return;
    e.preventDefault();
    move(m);
  }

  function open(): void {
    if (opened) return;
    opened = true;
    stops = run ? stopsOf(run, deps.story()) : [];
    document.body.classList.add('presenting');
    panel.hidden = false;
    entry?.setAttribute('aria-pressed', 'true');
    document.addEventListener('keydown', onKey);
    show(0, false);
    panel.focus(); // keys go to the page, not to the entry button (whose Space would leave at once)
  }

  function close(): void {
    if (!opened) return;
    opened = false;
    stopGlide();
    document.removeEventListener('keydown', onKey);
    document.body.classList.remove('presenting');
    document.body.style.removeProperty('--present-room');
    const hadFocus = panel.contains(document.activeElement);
    panel.hidden = true;
    entry?.setAttribute('aria-pressed', 'false');
    bus.highlight(null);
    if (hadFocus) entry?.focus();
  }

  // The results leave room for the caption under their last line, as tall as it is now.
  new ResizeObserver(() => {
    if (opened) document.body.style.setProperty('--present-room', `${Math.ceil(panel.getBoundingClientRect().height)}px`);
  }).observe(panel);

  $('.bo-present-prev').addEventListener('click', () => move('prev'));
  $('.bo-present-next').addEventListener('click', () => move('next'));
  $('.bo-present-close').addEventListener('click', close);

  return {
    update(next) {
      run = next;
      if (!opened) return;
      stops = stopsOf(next, deps.story());
      // After the page has drawn the new run (main.ts moves the cursor to the first break once the
      // views are updated): the caption's stop and the cursor must agree.
      queueMicrotask(() => { if (opened) show(Math.min(index, stops.length - 1), false); });
    },
    time(t) {
      cursor = t;
      if (!ours) stopGlide(); // someone dragged the scrubber: the glide gives way
    },
    open,
    close,
    isOpen: () => opened,
    button() {
      entry ??= entryButton(() => (opened ? close() : open()));
      entry.setAttribute('aria-pressed', String(opened));
      return entry;
    },
  };
}

/**
 * Whether the focused control uses this key itself: text fields and pickers keep every key, a
 * slider (the scrubber) its arrows, Home and End, a button its Space. A clicker's PageDown and
 * PageUp always step, wherever the instructor last clicked.
 */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement) || key === 'PageDown' || key === 'PageUp') return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return target.type !== 'range' || key !== ' ';
  return key === ' ' && (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement);
}

/** The caption panel: hidden until presenting; the stop's words in an aria-live region. */
function caption(el: HTMLElement): HTMLElement {
  const panel = document.createElement('section');
  panel.className = 'bo-present';
  panel.hidden = true;
  panel.tabIndex = -1;
  panel.setAttribute('aria-label', 'Presentation');
  panel.innerHTML = `
    <div class="bo-present-say" aria-live="polite" aria-atomic="true">
      <p class="bo-present-meta"><span class="bo-present-pos"></span><span class="bo-present-time"></span></p>
      <h2 class="bo-present-title"></h2>
      <p class="bo-present-text"></p>
      <p class="bo-present-why"></p>
    </div>
    <div class="bo-present-controls">
      <button type="button" class="bo-present-prev" aria-label="Back to the previous stop">← Back</button>
      <button type="button" class="bo-present-next" aria-label="Next stop">Next →</button>
      <button type="button" class="bo-present-close">Close <kbd>Esc</kbd></button>
      <p class="bo-present-keys">${KEYS_HINT}</p>
    </div>`;
  el.append(panel);
  return panel;
}

function entryButton(toggle: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'bo-present-button';
  b.textContent = 'Present';
  b.title = 'Presentation mode: large type, and the story and its breaks stepped through with the keyboard (Esc leaves)';
  b.addEventListener('click', toggle);
  return b;
}
