/**
 * Small-multiple line charts on one shared time axis (mm:ss): users per second by outcome,
 * latency, queues, utilization and breakers. Storm windows are shaded, breaks marked and
 * numbered as on the timeline; a vertical cursor follows the bus time, and clicking or dragging
 * on a chart (or the arrow keys) moves it.
 */
import { area, axisBottom, axisLeft, line, max, pointer, scaleLinear, select, stack, type Selection } from 'd3';
import { clock } from '../../src/outcomes/clock.js';
import { PALETTE, type Bus, type Run, type View } from '../view.js';
import { breakMarkers, markerLabels, panelsOf, stormWindows, timeTicks, type Panel } from './charts-data.js';
import './views.css';

const HEIGHT = 150, M = { top: 22, right: 20, bottom: 26, left: 60 };

export function charts(el: HTMLElement, bus: Bus): View {
  const root = select(el).append('section').attr('class', 'bo-charts').attr('aria-label', 'Charts over time');
  let run: Run | null = null, cursor: number | null = null, width = 0;
  const cursors: Selection<SVGLineElement, unknown, null, undefined>[] = [];
  let xOf: (t: number) => number = () => 0;

  function draw(): void {
    root.selectAll('*').remove();
    cursors.length = 0;
    if (!run || width <= 0) return;
    const { result, outcomes } = run, s = result.series;
    const from = s.t[0] ?? 0, to = run.progress === undefined ? result.endMs : result.durationMs, step = s.bucketMs;
    const x = scaleLinear().domain([from, to]).range([M.left, width - M.right]);
    xOf = (t) => x(Math.max(from, Math.min(to, t)));
    const ticks = timeTicks(from, to, Math.floor((width - M.left - M.right) / 70));
    const windows = stormWindows(outcomes.states, to), markers = breakMarkers(outcomes.breaks, clock);
    const legendStates = [...new Set(windows.map((w) => w.state))];
    if (legendStates.length > 0 || markers.length > 0) {
      const key = root.append('p').attr('class', 'bo-chart-key');
      for (const st of legendStates) {
        key.append('span').attr('class', 'bo-key-item').call((k) => {
          k.append('i').attr('class', 'bo-swatch bo-swatch-wide').style('background', PALETTE[st]).style('outline', `1px solid ${st === 'peak' ? PALETTE.orange : PALETTE.vermillion}`);
          k.append('span').text(st === 'peak' ? 'load peak' : 'degraded (fault or its aftermath)');
        });
      }
      if (markers.length > 0) key.append('span').attr('class', 'bo-key-item').html('<i class="bo-swatch bo-swatch-tick"></i>break, numbered as in the timeline');
      key.append('span').attr('class', 'bo-key-hint').text('Click or drag on a chart to move the time cursor.');
    }
    panelsOf(result).forEach((panel, i, all) => drawPanel(panel, i === 0, i === all.length - 1));

    function drawPanel(panel: Panel, first: boolean, last: boolean): void {
      const fig = root.append('figure').attr('class', 'bo-chart').attr('data-panel', panel.id);
      const cap = fig.append('figcaption');
      cap.append('span').attr('class', 'bo-chart-title').text(panel.title);
      const legend = cap.append('span').attr('class', 'bo-legend');
      for (const l of panel.lines) {
        legend.append('span').attr('class', 'bo-key-item').call((k) => {
          k.append('i').attr('class', panel.stacked ? 'bo-swatch' : 'bo-swatch bo-swatch-line').style('background', l.colour);
          k.append('span').text(l.name);
        });
      }
      const h = HEIGHT + (last ? 14 : 0);
      const svg = fig.append('svg').attr('width', width).attr('height', h).attr('viewBox', `0 0 ${width} ${h}`)
        .attr('role', 'img').attr('aria-label', `${panel.title} over time`).attr('tabindex', 0);
      const bottom = HEIGHT - M.bottom;
      let top = 0;
      if (panel.stacked) {
        const keys = panel.lines.map((_, k) => k);
        const rows = s.t.map((_, j) => panel.lines.map((l) => l.values[j] ?? 0));
        const layers = stack<number[], number>().keys(keys).value((r, k) => r[k])(rows);
        top = max(layers[layers.length - 1] ?? [], (d) => d[1]) ?? 0;
        const y = scaleLinear().domain([0, top || 1]).nice().range([bottom, M.top]);
        frame(svg, y, panel);
        const a = area<[number, number]>().x((_, j) => x(s.t[j] + step / 2)).y0((d) => y(d[0])).y1((d) => y(d[1]));
        svg.append('g').selectAll('path').data(layers).join('path')
          .attr('d', (d) => a(d as unknown as [number, number][])).attr('fill', (_, k) => panel.lines[k].colour).attr('fill-opacity', 0.85);
      } else {
        top = max(panel.lines, (l) => max(l.values, (v) => v ?? 0)) ?? 0;
        const y = scaleLinear().domain([0, panel.share ? 1 : top || 1]).nice().range([bottom, M.top]);
        frame(svg, y, panel);
        const ln = line<number | null>().defined((v) => v !== null).x((_, j) => x(s.t[j] + step / 2)).y((v) => y(v ?? 0));
        svg.append('g').selectAll('path').data(panel.lines).join('path')
          .attr('d', (l) => ln(l.values)).attr('fill', 'none').attr('stroke', (l) => l.colour).attr('stroke-width', 1.75);
      }
      // Break markers above everything, numbered on the first panel only.
      const mk = svg.append('g').attr('class', 'bo-markers').selectAll('g').data(markers).join('g')
        .attr('transform', (m) => `translate(${x(m.t)},0)`);
      mk.append('title').text((m) => m.title);
      mk.append('line').attr('y1', M.top - (first ? 4 : 0)).attr('y2', bottom).attr('class', 'bo-break-line');
      if (first) {
        svg.append('g').selectAll('text').data(markerLabels(markers, x, 22)).join('text').attr('class', 'bo-break-num')
          .attr('x', (l) => l.x).attr('y', M.top - 8).attr('text-anchor', 'middle').text((l) => l.text)
          .append('title').text((l) => l.title);
      }
      const cur = svg.append('line').attr('class', 'bo-cursor').attr('y1', M.top - 2).attr('y2', bottom);
      cursors.push(cur as unknown as Selection<SVGLineElement, unknown, null, undefined>);
      if (last) svg.append('text').attr('class', 'bo-axis-label').attr('x', (M.left + width - M.right) / 2).attr('y', h - 4).attr('text-anchor', 'middle').text('time from start of run (mm:ss)');
      // Pointer and keys move the shared cursor.
      const at = (ev: PointerEvent) => bus.setTime(Math.max(from, Math.min(to, x.invert(pointer(ev, svg.node())[0]))));
      svg.on('pointerdown', (ev: PointerEvent) => { (ev.currentTarget as Element).setPointerCapture(ev.pointerId); at(ev); })
        .on('pointermove', (ev: PointerEvent) => { if (ev.buttons & 1) at(ev); })
        .on('keydown', (ev: KeyboardEvent) => {
          const d = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
          if (d === 0) return;
          ev.preventDefault();
          bus.setTime(Math.max(from, Math.min(to, (cursor ?? from) + d * step * (ev.shiftKey ? 10 : 1))));
        });
    }

    function frame(svg: Selection<SVGSVGElement, unknown, null, undefined>, y: ReturnType<typeof scaleLinear<number, number>>, panel: Panel): void {
      const bottom = HEIGHT - M.bottom;
      svg.append('g').selectAll('rect').data(windows).join('rect').attr('class', 'bo-storm')
        .attr('x', (w) => x(w.from)).attr('width', (w) => Math.max(1, x(w.to) - x(w.from)))
        .attr('y', M.top).attr('height', bottom - M.top).attr('fill', (w) => PALETTE[w.state]);
      svg.append('g').attr('class', 'bo-axis').attr('transform', `translate(0,${bottom})`)
        .call(axisBottom(x).tickValues(ticks).tickFormat((t) => clock(+t)).tickSizeOuter(0));
      const ya = axisLeft(y).ticks(4).tickSize(-(width - M.left - M.right)).tickSizeOuter(0);
      if (panel.share) ya.tickFormat((v) => `${Math.round(+v * 100)}%`);
      svg.append('g').attr('class', 'bo-axis bo-grid').attr('transform', `translate(${M.left},0)`).call(ya);
      svg.append('text').attr('class', 'bo-axis-label').attr('x', M.left - 8).attr('y', M.top - 10).attr('text-anchor', 'end').text(panel.unit);
    }
    placeCursor();
  }

  function placeCursor(): void {
    for (const c of cursors) c.attr('x1', cursor === null ? -10 : xOf(cursor)).attr('x2', cursor === null ? -10 : xOf(cursor)).attr('visibility', cursor === null ? 'hidden' : null);
  }

  new ResizeObserver((entries) => {
    const w = Math.floor(entries[0].contentRect.width);
    if (w !== width) { width = w; draw(); }
  }).observe(el);
  width = el.clientWidth;

  return {
    update(r) { run = r; draw(); },
    time(t) { cursor = t; placeCursor(); },
  };
}
