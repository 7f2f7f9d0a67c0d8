/**
 * The shared time axis under every view: a slider over the measured period (warmup to end),
 * with play/pause to watch the storm spread. Moving it moves every view's cursor (bus.setTime).
 */
import { clock } from '../../src/outcomes/clock.js';
import type { Bus, Run, View } from '../view.js';

/** How long a full play-through takes, ms of wall time. */
const PLAY_MS = 12_000;

export function scrubber(el: HTMLElement, bus: Bus): View {
  el.classList.add('scrubber');
  el.innerHTML = `
    <button type="button" class="play" aria-label="Play the run">▶</button>
    <input type="range" min="0" max="1" step="1" value="0" aria-label="Time in the run" />
    <output aria-live="off">00:00</output>`;
  const play = el.querySelector<HTMLButtonElement>('.play')!;
  const range = el.querySelector<HTMLInputElement>('input')!;
  const out = el.querySelector('output')!;
  let from = 0, to = 1, step = 1000, timer = 0, last = 0;

  const show = (t: number) => { out.textContent = clock(t); range.value = String(t); };
  range.addEventListener('input', () => bus.setTime(Number(range.value)));

  const stop = () => { cancelAnimationFrame(timer); timer = 0; play.textContent = '▶'; play.setAttribute('aria-label', 'Play the run'); };
  const frame = (now: number) => {
    const t = Math.min(to, Number(range.value) + ((now - last) / PLAY_MS) * (to - from));
    last = now;
    bus.setTime(t);
    if (t >= to) stop();
    else timer = requestAnimationFrame(frame);
  };
  play.addEventListener('click', () => {
    if (timer) { stop(); return; }
    if (Number(range.value) >= to) bus.setTime(from);
    play.textContent = '❚❚';
    play.setAttribute('aria-label', 'Pause');
    last = performance.now();
    timer = requestAnimationFrame(frame);
  });

  return {
    update({ result }: Run) {
      stop();
      from = result.warmupMs;
      to = result.endMs;
      step = result.series.bucketMs;
      range.min = String(from);
      range.max = String(to);
      range.step = String(step);
    },
    time: show,
  };
}
