/** The heat map's legend: the utilization scale and what outlines, edge colour and dashes mean. */
import { create, type Selection } from 'd3-selection';
import { PALETTE } from '../view.js';
import { edgeColor, edgeWidth, utilColor, utilFill } from './heatmap-model.js';

const ALERT = '#a3001b';

export function legend(): HTMLElement {
  const root = create('div').attr('class', 'heatmap-legend')
    .style('display', 'flex').style('flex-wrap', 'wrap').style('gap', '6px 22px').style('align-items', 'center')
    .style('font', '12px system-ui, sans-serif').style('color', PALETTE.muted).style('margin-top', '6px');
  const item = (label: string, draw: (svg: ReturnType<typeof swatch>) => void, width = 34) => {
    const span = root.append<HTMLSpanElement>('span').style('display', 'inline-flex').style('align-items', 'center').style('gap', '6px');
    draw(swatch(span, width));
    span.append('span').text(label);
  };
  const swatch = (span: Selection<HTMLSpanElement, undefined, null, undefined>, width: number) =>
    span.append('svg').attr('aria-hidden', 'true').attr('width', width).attr('height', 16);

  // Utilization: a gradient bar from 0% to 100%.
  const util = root.append('span').style('display', 'inline-flex').style('align-items', 'center').style('gap', '6px');
  util.append('span').text('utilization 0%');
  const bar = util.append('svg').attr('aria-hidden', 'true').attr('width', 120).attr('height', 12);
  const grad = bar.append('defs').append('linearGradient').attr('id', 'hm-util-grad');
  for (const u of [0, 0.35, 0.7, 0.85, 1]) grad.append('stop').attr('offset', `${u * 100}%`).attr('stop-color', utilFill(u));
  bar.append('rect').attr('width', 120).attr('height', 12).attr('rx', 3).attr('fill', 'url(#hm-util-grad)')
    .attr('stroke', utilColor(0.7));
  util.append('span').text('100%');

  item('errors, rejections or failures', (s) => s.append('rect').attr('x', 2).attr('y', 2).attr('width', 30).attr('height', 12)
    .attr('rx', 3).attr('fill', utilFill(0.2)).attr('stroke', ALERT).attr('stroke-width', 2.5));
  item('calls fine', (s) => s.append('line').attr('x1', 2).attr('x2', 32).attr('y1', 8).attr('y2', 8)
    .attr('stroke', edgeColor(0)).attr('stroke-width', edgeWidth(0)));
  item('calls failing or timing out', (s) => s.append('line').attr('x1', 2).attr('x2', 32).attr('y1', 8).attr('y2', 8)
    .attr('stroke', edgeColor(0.5)).attr('stroke-width', edgeWidth(0.5)));
  item('breaker open', (s) => s.append('line').attr('x1', 2).attr('x2', 32).attr('y1', 8).attr('y2', 8)
    .attr('stroke', PALETTE.muted).attr('stroke-width', 2).attr('stroke-dasharray', '6 4'));
  return root.node()!;
}
