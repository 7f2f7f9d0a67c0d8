/**
 * What the Export menu writes, as pure functions: file names, the results in the CLI's own
 * formats (`brownout run --csv` and `--json`), and the composition of drawn charts into one
 * self-contained SVG sheet (title line, panel titles and legends as SVG text). The DOM side
 * (cloning what is drawn, inlining its styles) is export-svg.ts.
 */
import { seriesCsv } from '../../src/outcomes/csv.js';
import { runJson, variantTitle } from '../../src/outcomes/run-json.js';
import type { Run } from '../view.js';

/** What is being exported: the run on screen and the names it goes by. */
export interface Shown {
  run: Run;
  /** The scenario's file name, e.g. 'checkout-breaker.yaml'. */
  name: string;
  /** The variant that ran, or undefined for the base. */
  variant?: string;
  /** The knobs moved from the file's values, as read beside the sliders (`How long payments fails 3m`). */
  knobs?: string[];
}

/** Lower-case letters, digits, dots and dashes only: a name safe on every file system. */
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');

/** A download's name: `checkout-breaker-no-breaker-seed4-charts.svg` (scenario file without its extension, variant, seed, what). */
export function fileName(shown: Shown, what: string, ext: string): string {
  const base = slug(shown.name.replace(/\.ya?ml$/i, '')) || 'scenario';
  const variant = shown.variant !== undefined ? slug(shown.variant) : '';
  return [base, variant, `seed${shown.run.result.seed}`, what].filter(Boolean).join('-') + `.${ext}`;
}

/** The run's series per bucket, exactly as `brownout run --csv` prints them. */
export function resultsCsv(shown: Shown): string {
  return seriesCsv(shown.run.result.series, shown.run.outcomes);
}

/** The run as `brownout run --json` prints it (a variant's run named as the CLI names it). */
export function resultsJson(shown: Shown): string {
  const { result, outcomes } = shown.run;
  if (shown.variant === undefined) return runJson(result, outcomes);
  const scenario = variantTitle(result.scenario, shown.variant);
  return runJson({ ...result, scenario }, { ...outcomes, scenario });
}

/** The sheet's title line: scenario name, variant, seed, and the knobs moved (the chart is of those settings). */
export function sheetTitle(shown: Shown): string {
  const knobs = shown.knobs?.length ? [`knobs: ${shown.knobs.join(', ')}`] : [];
  return [shown.run.result.scenario, shown.variant === undefined ? 'base' : `variant ${shown.variant}`, `seed ${shown.run.result.seed}`, ...knobs].join(' · ');
}

// --- one SVG sheet of drawn panels

/** A piece of a legend entry: text, or a small drawing (serialized `<svg>` with its size). */
export type Piece = { text: string } | { svg: string; width: number; height: number };

/** A panel on the sheet: a title, legend entries (each a run of pieces), and its drawing. */
export interface Block {
  title?: string;
  legend: Piece[][];
  /** A serialized `<svg>` element whose width and height attributes are `width` and `height`. */
  drawing?: { svg: string; width: number; height: number };
}

export interface Sheet { svg: string; width: number; height: number }

export const INK = '#1d232a', MUTED = '#5b6673';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const PAD = 16, TITLE = 16, HEAD = 13, SMALL = 12, ROW = 18, GAP = 6, ITEM_GAP = 18;

/** Text as XML character data or attribute value: escaped, and without characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** About how wide `text` is at `size` px in a sans-serif face (bold a little wider): enough to lay out without a page to measure in. */
export const textWidth = (text: string, size: number, bold = false) => Math.ceil(text.length * size * (bold ? 0.62 : 0.57));

/** A legend swatch as the charts draw it in HTML: a block, a line, a wide outlined band or a dashed tick. */
export function swatch(kind: 'block' | 'line' | 'band' | 'tick', colour: string, outline?: string): Piece {
  const shapes = {
    block: `<rect y="2" width="12" height="12" rx="2" fill="${xmlText(colour)}"/>`,
    line: `<rect y="6.5" width="16" height="3" rx="1.5" fill="${xmlText(colour)}"/>`,
    band: `<rect x="0.5" y="2.5" width="18" height="11" fill="${xmlText(colour)}" stroke="${xmlText(outline ?? colour)}"/>`,
    tick: `<line x1="5" x2="5" y1="1" y2="15" stroke="${INK}" stroke-width="2" stroke-dasharray="3 2"/>`,
  };
  const width = { block: 12, line: 16, band: 19, tick: 10 }[kind];
  return { svg: `<svg width="${width}" height="16" viewBox="0 0 ${width} 16">${shapes[kind]}</svg>`, width, height: 16 };
}

/** `text` broken at spaces into lines about `width` px wide at `size` px, bold or not (a word longer than that gets a line to itself). */
export function wrapText(text: string, size: number, width: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size, bold) > width) { lines.push(line); line = word; } else line = next;
  }
  return line ? [...lines, line] : lines;
}

/** A bold heading, wrapped to `width`; returns the markup and the height it takes. */
function heading(text: string, size: number, x: number, y: number, width: number): { svg: string; height: number } {
  const lines = wrapText(text, size, width, true), lead = Math.round(size * 1.3);
  const svg = lines.map((l, i) => `<text x="${x}" y="${y + size + i * lead}" font-size="${size}" font-weight="600" fill="${INK}">${xmlText(l)}</text>`).join('');
  return { svg, height: lines.length === 0 ? 0 : size + (lines.length - 1) * lead };
}

const pieceWidth = (p: Piece) => ('text' in p ? textWidth(p.text, SMALL) : p.width);

/** Lays legend entries out in rows no wider than `width`; returns the markup and its height. */
function legendRows(items: Piece[][], x0: number, y0: number, width: number): { svg: string; height: number } {
  let x = x0, y = y0, out = '';
  for (const item of items) {
    const w = item.reduce((sum, p, i) => sum + pieceWidth(p) + (i > 0 ? GAP : 0), 0);
    if (x > x0 && x + w > x0 + width) { x = x0; y += ROW; }
    for (const p of item) {
      out += 'text' in p
        ? `<text x="${x}" y="${y + 12.5}" font-size="${SMALL}" fill="${MUTED}">${xmlText(p.text)}</text>`
        : `<g transform="translate(${x},${y + (16 - p.height) / 2})">${p.svg}</g>`;
      x += pieceWidth(p) + GAP;
    }
    x += ITEM_GAP - GAP;
  }
  return { svg: out, height: items.length > 0 ? y - y0 + ROW : 0 };
}

/**
 * One self-contained SVG document: a white page, the title line, then each block stacked
 * (title, legend rows, drawing). Drawings keep their own size; the sheet is as wide as the
 * widest of them (at least `minWidth`), and titles wrap to that width.
 */
export function composeSheet(title: string, blocks: readonly Block[], minWidth = 640): Sheet {
  const width = Math.ceil(Math.max(minWidth, ...blocks.map((b) => (b.drawing?.width ?? 0) + 2 * PAD)));
  const inner = width - 2 * PAD;
  const top = heading(title, TITLE, PAD, PAD, inner);
  let body = top.svg, y = PAD + top.height + 14;
  for (const b of blocks) {
    if (b.title) {
      const head = heading(b.title, HEAD, PAD, y, inner);
      body += head.svg;
      y += head.height + 6;
    }
    const legend = legendRows(b.legend, PAD, y, inner);
    body += legend.svg;
    y += legend.height + (legend.height > 0 ? 4 : 0);
    if (b.drawing) {
      body += `<g transform="translate(${PAD},${y})">${b.drawing.svg}</g>`;
      y += b.drawing.height;
    }
    y += 14;
  }
  const height = Math.ceil(y - 14 + PAD);
  const svg = '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlText(FONT)}">`
    + `<title>${xmlText(title)}</title><rect width="${width}" height="${height}" fill="#ffffff"/>${body}</svg>\n`;
  return { svg, width, height };
}
