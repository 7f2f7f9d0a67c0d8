/**
 * The DOM side of exporting drawings: reads the charts and the heat map as drawn on the page
 * into blocks for export-data.ts's composeSheet. Each SVG is cloned with the computed styles
 * that matter inlined (the page's stylesheet does not travel with the file), and the HTML
 * legends become pieces the sheet draws as SVG text and swatches.
 */
import { swatch, type Block, type Piece } from './export-data.js';

/** What the page's CSS sets on chart and heat map drawings; everything else is in attributes. */
const STYLED = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'stroke-linecap', 'opacity',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'display', 'visibility',
] as const;

/** Whether charts are drawn under `root` (cheap: no cloning). */
export const hasCharts = (root: ParentNode) => root.querySelector('.bo-charts figure.bo-chart') !== null;

/** Whether the heat map under `root` has been laid out and drawn. */
export const hasHeatmap = (root: ParentNode) => root.querySelector('.heatmap > svg .nodes g') !== null;

/** The charts as drawn (`.bo-charts`): the storm key, then one block per panel; null when none is drawn. */
export function chartBlocks(root: ParentNode): Block[] | null {
  const charts = root.querySelector('.bo-charts');
  const figures = charts ? [...charts.querySelectorAll<HTMLElement>('figure.bo-chart')] : [];
  if (!charts || figures.length === 0) return null;
  const key = charts.querySelector('.bo-chart-key');
  const blocks: Block[] = key ? [{ legend: legendOf(key) }] : [];
  for (const fig of figures) {
    const svg = fig.querySelector<SVGSVGElement>(':scope > svg');
    const legend = fig.querySelector('.bo-legend');
    blocks.push({
      title: fig.querySelector('.bo-chart-title')?.textContent ?? undefined,
      legend: legend ? legendOf(legend) : [],
      drawing: svg ? drawing(svg) : undefined,
    });
  }
  return blocks;
}

/** The heat map as drawn (`.heatmap`): its caption as the title, its legend, its graph; null before it is laid out. */
export function heatmapBlocks(root: ParentNode): Block[] | null {
  const map = root.querySelector('.heatmap');
  const svg = map?.querySelector<SVGSVGElement>(':scope > svg');
  if (!map || !svg || !svg.querySelector('.nodes g')) return null;
  const legend = map.querySelector('.heatmap-legend');
  return [{
    title: map.querySelector('figcaption')?.textContent ?? undefined,
    legend: legend ? legendOf(legend) : [],
    drawing: drawing(svg),
  }];
}

/** A drawing at its size on the page, with its styles inlined, ready to nest in the sheet. */
function drawing(svg: SVGSVGElement): { svg: string; width: number; height: number } {
  // As drawn; a drawing that is not on screen (collapsed) falls back to its viewBox.
  const box = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
  const width = Math.round(box.width) || view?.width || 300;
  const height = Math.round(box.height) || view?.height || 150;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, copy);
  for (const name of ['tabindex', 'role', 'class']) copy.removeAttribute(name);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.setAttribute('overflow', 'visible');
  if (!copy.hasAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return { svg: new XMLSerializer().serializeToString(copy), width, height };
}

/** Elements that draw; their computed styles are inlined (defs, markers, gradients and titles keep their attributes). */
const DRAWN = new Set(['svg', 'g', 'path', 'line', 'rect', 'circle', 'ellipse', 'polyline', 'polygon', 'text', 'tspan']);

/**
 * Copies the computed value of each STYLED property from `from` (as the page renders it) into
 * the style attribute of its clone `to`, element by element; elements the page hides with
 * display: none are dropped rather than carried along.
 */
function inlineStyles(from: Element, to: Element): void {
  const sources = [from, ...from.querySelectorAll('*')], copies = [to, ...to.querySelectorAll('*')];
  sources.forEach((source, i) => {
    if (!DRAWN.has(source.tagName.toLowerCase()) || source.closest('defs')) return;
    const css = getComputedStyle(source), copy = copies[i];
    if (css.display === 'none') { copy.remove(); return; }
    copy.setAttribute('style', STYLED.map((p) => `${p}:${css.getPropertyValue(p)}`).filter((d) => !d.endsWith(':')).join(';'));
  });
}

/** A legend's entries (its child elements, hints left out), each as the pieces it shows left to right. */
function legendOf(legend: Element): Piece[][] {
  return [...legend.children].filter((item) => !item.classList.contains('bo-key-hint'))
    .map((item) => piecesOf(item)).filter((pieces) => pieces.length > 0);
}

function piecesOf(item: Element): Piece[] {
  const pieces: Piece[] = [];
  for (const node of item.childNodes) {
    if (node instanceof SVGSVGElement) pieces.push(drawing(node));
    else if (node instanceof HTMLElement && node.tagName === 'I') pieces.push(swatchOf(node));
    else {
      const text = node.textContent?.trim();
      if (text) pieces.push({ text });
    }
  }
  return pieces;
}

/** The SVG swatch of one of the charts' HTML swatches (`i.bo-swatch`, see views.css). */
function swatchOf(i: HTMLElement): Piece {
  const css = getComputedStyle(i), c = i.classList;
  const kind = c.contains('bo-swatch-tick') ? 'tick' : c.contains('bo-swatch-line') ? 'line' : c.contains('bo-swatch-wide') ? 'band' : 'block';
  return swatch(kind, css.backgroundColor, css.outlineColor);
}
