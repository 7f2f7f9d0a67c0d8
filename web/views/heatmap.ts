/**
 * The dependency heat map: features → services → dependencies, left to right (ELK layered),
 * coloured by what happened in the bucket under the time cursor. Nodes by utilization
 * (green → orange → vermillion), a red outline for errors or rejections; edges by the share of
 * attempts failing or timing out, dashed while a breaker is open. A cause path dims the rest.
 */
import { select } from 'd3-selection';
import { line } from 'd3';
import { PALETTE, type Bus, type Run, type View } from '../view.js';
import type { CauseStep } from '../../src/worker/protocol.js';
import { layout, type Layout } from './heatmap-layout.js';
import { clock } from '../../src/outcomes/clock.js';
import {
  bucketAt, edgeColor, edgeFigures, edgeWidth, nodeFigures, pct, subjects, topology, utilColor, utilFill,
  type HmEdge, type HmNode, type Topology,
} from './heatmap-model.js';
import { legend } from './heatmap-legend.js';

const ALERT = '#a3001b';
const plural = (n: number, what: string, state: string) => `${n} ${what}${n === 1 ? '' : 's'} ${state}`;
const path = line<{ x: number; y: number }>().x((p) => p.x).y((p) => p.y);

export function heatmap(el: HTMLElement, bus: Bus): View {
  const root = select(el).append('figure').attr('class', 'heatmap').style('margin', '0');
  const caption = root.append('figcaption').style('font-size', '13px').style('color', PALETTE.muted).style('margin', '0 0 4px');
  const svg = root.append('svg').attr('role', 'img').attr('aria-label', 'Dependency heat map: no run yet')
    .style('display', 'block').style('width', '100%').style('height', 'auto')
    .style('font', '13px system-ui, sans-serif').style('overflow', 'visible');
  svg.append('defs').append('marker').attr('id', 'hm-arrow').attr('viewBox', '0 0 8 8').attr('refX', 7).attr('refY', 4)
    .attr('markerUnits', 'userSpaceOnUse').attr('markerWidth', 9).attr('markerHeight', 9).attr('orient', 'auto')
    .append('path').attr('d', 'M0,0L8,4L0,8z').attr('fill', PALETTE.muted);
  const gEdges = svg.append('g').attr('class', 'edges'), gNodes = svg.append('g').attr('class', 'nodes');
  root.append(() => legend());

  let run: Run | null = null, topo: Topology | null = null, placed: Layout | null = null;
  let t = 0, steps: readonly CauseStep[] | null = null, generation = 0;

  function draw(lay: Layout, tp: Topology): void {
    svg.attr('viewBox', `0 0 ${lay.width} ${lay.height}`).style('max-width', `${Math.round(lay.width * 1.25)}px`);
    const edges = gEdges.selectAll<SVGPathElement, HmEdge>('path').data(tp.edges, (e) => e.id).join('path')
      .attr('fill', 'none').attr('marker-end', 'url(#hm-arrow)').attr('stroke-linejoin', 'round')
      .attr('d', (e) => path(lay.edges.get(e.id)?.points ?? []) ?? '');
    edges.selectAll('title').data((e) => [e]).join('title');
    const nodes = gNodes.selectAll<SVGGElement, HmNode>('g').data(tp.nodes, (n) => n.id).join((enter) => {
      const g = enter.append('g');
      g.append('title');
      g.append('rect').attr('class', 'box');
      g.append('text').attr('class', 'name').attr('font-weight', 600).attr('fill', PALETTE.ink);
      g.filter((n) => n.kind === 'service').append('text').attr('class', 'fig').attr('font-size', 11).attr('fill', PALETTE.ink);
      return g;
    });
    nodes.attr('transform', (n) => { const p = lay.nodes.get(n.id)!; return `translate(${p.x},${p.y})`; });
    nodes.select('rect').attr('width', (n) => lay.nodes.get(n.id)!.width).attr('height', (n) => lay.nodes.get(n.id)!.height)
      .attr('rx', (n) => (n.kind === 'feature' ? lay.nodes.get(n.id)!.height / 2 : 5));
    nodes.select('.name').attr('x', (n) => (n.kind === 'feature' ? lay.nodes.get(n.id)!.width / 2 : 10))
      .attr('text-anchor', (n) => (n.kind === 'feature' ? 'middle' : 'start'))
      .attr('y', (n) => (n.kind === 'feature' ? lay.nodes.get(n.id)!.height / 2 + 4.5 : 18)).text((n) => n.name);
    nodes.select('.fig').attr('x', 10).attr('y', 36);
    recolour();
    emphasise();
  }

  /** Colours and figures of the bucket under the cursor: no relayout. */
  function recolour(): void {
    if (!run || !topo || !placed) return;
    const series = run.result.series, i = bucketAt(series, t);
    // Times read as the scrubber's: the cursor's, not its bucket's start.
    const at = t;
    let busiest: [string, number] | null = null, alerts = 0, open = 0, failing = 0;
    gNodes.selectAll<SVGGElement, HmNode>('g').each(function (n) {
      const f = nodeFigures(series, n, i), g = select(this);
      const alert = n.kind === 'service' ? f.errors + f.rejected > 0 : f.failed > 0;
      if (alert) alerts++;
      if (n.kind === 'service' && (!busiest || f.util > busiest[1])) busiest = [n.name, f.util];
      g.select('rect').attr('fill', n.kind === 'service' ? utilFill(f.util) : PALETTE.paper)
        .attr('stroke', alert ? ALERT : n.kind === 'service' ? utilColor(f.util) : PALETTE.muted)
        .attr('stroke-width', alert ? 3 : 1.5);
      const extra = [f.rejected > 0 ? `${Math.round(f.rejected)} rejected` : '', f.errors > 0 ? `${Math.round(f.errors)} errors` : ''].filter(Boolean);
      const short = [f.rejected > 0 ? `${Math.round(f.rejected)} rej` : '', f.errors > 0 ? `${Math.round(f.errors)} err` : ''].filter(Boolean);
      g.select('.fig').text([`util ${pct(f.util)}`, `q ${f.queue < 10 ? f.queue.toFixed(1).replace(/\.0$/, '') : Math.round(f.queue)}`, ...short].join(' · '));
      g.select('title').text(n.kind === 'service'
        ? `${n.name} at ${clock(at)}: ${pct(f.util)} busy, ${f.queue.toFixed(1)} waiting on average, ${Math.round(f.arrivals)} arrivals${extra.length ? `, ${extra.join(', ')}` : ''}`
        : `${n.name} (feature) at ${clock(at)}: ${Math.round(f.arrivals)} requests, ${Math.round(f.failed)} failed`);
    });
    gEdges.selectAll<SVGPathElement, HmEdge>('path').each(function (e) {
      const f = edgeFigures(series, e, i), p = select(this);
      if (f.breaker > 0) open++;
      if (f.badShare > 0) failing++;
      p.attr('stroke', edgeColor(f.badShare)).attr('stroke-width', edgeWidth(f.badShare))
        .attr('stroke-dasharray', f.breaker > 0 ? '6 4' : null);
      p.select('title').text(`${e.id}${e.user ? ' (users)' : ''} at ${clock(at)}: ${Math.round(f.attempts)} attempts, ` +
        `${Math.round(f.failures)} failed (${Math.round(f.timeouts)} timed out)${f.breaker > 0 ? `, breaker open ${pct(f.breaker)} of the bucket` : ''}`);
    });
    const b = busiest as [string, number] | null;
    const summary = [`busiest ${b ? `${b[0]} ${pct(b[1])}` : 'none'}`, alerts ? plural(alerts, 'node', 'with errors, rejections or failed requests') : '',
      failing ? plural(failing, 'call', 'failing') : '', open ? plural(open, 'breaker', 'open') : ''].filter(Boolean).join(', ');
    caption.text(`Dependency heat map at ${clock(at)} (${series.bucketMs / 1000} s bucket): ${summary}`);
    const nf = topo.nodes.filter((n) => n.kind === 'feature').length;
    svg.attr('aria-label', `Dependency heat map of ${nf} features and ${topo.nodes.length - nf} services at ${clock(at)}: ${summary}`);
  }

  function emphasise(): void {
    if (!topo) return;
    const on = steps && steps.length ? subjects(steps, topo) : null;
    const lit = (id: string) => !on || on.has(id);
    gNodes.selectAll<SVGGElement, HmNode>('g').attr('opacity', (n) => (lit(n.id) ? 1 : 0.25))
      .select('rect').attr('filter', (n) => (on && on.has(n.id) ? 'drop-shadow(0 0 3px rgba(0,0,0,0.45))' : null));
    gEdges.selectAll<SVGPathElement, HmEdge>('path').attr('opacity', (e) => (lit(e.id) ? 1 : 0.2));
  }

  void bus; // the heat map only follows the shared cursor and cause path; it sets neither

  return {
    update(next: Run): void {
      const tp = topology(next.result), mine = ++generation;
      const series = next.result.series;
      if (!series.t.length || t < series.t[0] || t > next.result.endMs) t = series.t[0] ?? 0;
      layout(tp).then((lay) => {
        if (mine !== generation) return; // a newer run arrived while ELK was busy
        run = next; topo = tp; placed = lay;
        draw(lay, tp);
      }, (err: unknown) => {
        if (mine === generation) caption.text(`Dependency heat map: layout failed (${err instanceof Error ? err.message : String(err)})`);
      });
    },
    time(next: number): void {
      t = next;
      recolour();
    },
    highlight(next: readonly CauseStep[] | null): void {
      steps = next;
      emphasise();
    },
  };
}
