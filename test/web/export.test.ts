import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/worker/api.js';
import type { Run } from '../../web/view.js';
import { composeSheet, fileName, resultsCsv, resultsJson, sheetTitle, swatch, textWidth, wrapText, xmlText, type Shown } from '../../web/views/export-data.js';
import { ok } from '../cli/run-cli.js';
import { fixture } from './fixture.js';
import { xmlProblems } from './xml.js';

const FILE = 'scenarios/checkout-breaker.yaml';

/** The run the page would show: the worker's own code, the real simulator. */
function shownBy(seed: number, variant?: string): Shown {
  const r = run({ text: readFileSync(FILE, 'utf8'), file: 'checkout-breaker.yaml', seed, variant });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const shown: Run = { result: r.result, outcomes: r.outcomes, wallMs: r.wallMs };
  // Through structured clone, as comlink delivers it to the page.
  return { run: structuredClone(shown), name: 'checkout-breaker.yaml', variant };
}

describe('export file names', () => {
  const with_ = (name: string, variant?: string, seed = 4): Shown => {
    const f = fixture();
    return { run: { ...f, result: { ...f.result, seed } }, name, variant };
  };

  it('name the scenario file, variant, seed and what', () => {
    expect(fileName(with_('checkout-breaker.yaml', 'no-breaker'), 'charts', 'svg')).toBe('checkout-breaker-no-breaker-seed4-charts.svg');
    expect(fileName(with_('checkout-breaker.yaml', undefined, 0), 'results', 'csv')).toBe('checkout-breaker-seed0-results.csv');
  });

  it('keep to letters, digits, dots and dashes whatever the user named things', () => {
    expect(fileName(with_('My Shop (v2).YML', 'Charge later / 50%'), 'brief', 'md')).toBe('my-shop-v2-charge-later-50-seed4-brief.md');
    expect(fileName(with_('../../etc/passwd'), 'heatmap', 'png')).toBe('etc-passwd-seed4-heatmap.png');
    expect(fileName(with_('日本.yaml', '!!'), 'charts', 'png')).toBe('scenario-seed4-charts.png');
  });

  it('title the sheet with the scenario, variant, seed and the knobs moved', () => {
    const named = (s: Shown): Shown => ({ ...s, run: { ...s.run, result: { ...s.run.result, scenario: 'Shop' } } });
    const shown = { ...named(with_('x.yaml', 'no-breaker')), knobs: ['How long payments fails 3m', 'Breaker wait 10s'] };
    expect(sheetTitle(shown)).toBe('Shop · variant no-breaker · seed 4 · knobs: How long payments fails 3m, Breaker wait 10s');
    expect(sheetTitle(named(with_('x.yaml')))).toBe('Shop · base · seed 4');
  });
});

describe('results in the CLI formats', () => {
  it('CSV is what `brownout run --csv` prints for the same scenario and seed', () => {
    expect(resultsCsv(shownBy(4))).toBe(ok('run', FILE, '--csv', '--seed', '4'));
  });

  it('JSON is what `brownout run --json` prints, for the base and for a variant', () => {
    expect(resultsJson(shownBy(4))).toBe(ok('run', FILE, '--json', '--seed', '4'));
    const variant = resultsJson(shownBy(2, 'no-breaker'));
    expect(variant).toBe(ok('run', FILE, '--json', '--seed', '2', '--variant', 'no-breaker'));
    expect(JSON.parse(variant).scenario).toMatch(/\(variant no-breaker\)$/);
  });

  it('a variant\'s CSV differs from the base\'s and matches `--variant`', () => {
    const csv = resultsCsv(shownBy(2, 'no-breaker'));
    expect(csv).toBe(ok('run', FILE, '--csv', '--seed', '2', '--variant', 'no-breaker'));
    expect(csv).not.toBe(resultsCsv(shownBy(2)));
  });
});

describe('the SVG sheet', () => {
  const drawing = (w: number, h: number) => ({ svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><path d="M0,0L${w},${h}" style="stroke:rgb(0, 114, 178)"/></svg>`, width: w, height: h });

  it('is well-formed XML with the title line, panel titles and legend text escaped', () => {
    const shown = { ...shownBy(4), variant: 'a&b <c>' };
    const { svg } = composeSheet(sheetTitle(shown), [
      { legend: [[swatch('band', 'rgba(230, 159, 0, 0.14)', 'rgb(230, 159, 0)'), { text: 'load peak' }], [swatch('tick', ''), { text: 'break, "numbered"' }]] },
      { title: 'Users & requests <per s>', legend: [[swatch('block', '#009E73'), { text: 'succeeded' }]], drawing: drawing(600, 150) },
      { title: 'Latency', legend: [[swatch('line', '#0072B2'), { text: "p95 'checkout'" }]], drawing: drawing(600, 164) },
    ]);
    expect(xmlProblems(svg)).toEqual([]);
    const name = /^name: (.*)$/m.exec(readFileSync(FILE, 'utf8'))![1];
    expect(svg).toContain(`<title>${name} · variant a&amp;b &lt;c&gt; · seed 4</title>`);
    expect(svg).toMatch(/>Checkout [^<]* · variant a&amp;b &lt;c&gt; ·( seed 4)?<\/text>/);
    expect(svg).toContain('>Users &amp; requests &lt;per s&gt;</text>');
    expect(svg.match(/<path /g)).toHaveLength(2);
  });

  it('stacks blocks: as wide as the widest drawing plus margins, as tall as all of them', () => {
    const sheet = composeSheet('t', [{ legend: [], drawing: drawing(900, 150) }, { legend: [], drawing: drawing(500, 200) }]);
    expect(sheet.width).toBe(900 + 2 * 16);
    expect(sheet.height).toBeGreaterThanOrEqual(150 + 200 + 2 * 16);
    expect(sheet.svg).toMatch(new RegExp(`^<\\?xml[^>]*>\\n<svg xmlns="http://www.w3.org/2000/svg" width="${sheet.width}" height="${sheet.height}"`));
  });

  it('wraps a legend too long for one row onto more rows', () => {
    const items = Array.from({ length: 40 }, (_, i) => [swatch('line', '#000'), { text: `feature number ${i}` }]);
    const one = composeSheet('t', [{ legend: items.slice(0, 1) }], 640), many = composeSheet('t', [{ legend: items }], 640);
    const rows = (svg: string) => new Set([...svg.matchAll(/<text x="\d+" y="([\d.]+)" font-size="12"/g)].map((m) => m[1])).size;
    expect(rows(one.svg)).toBe(1);
    expect(rows(many.svg)).toBeGreaterThan(4);
    expect(many.height - one.height).toBe((rows(many.svg) - 1) * 18);
    expect(many.width).toBe(640);
  });

  it('wraps a title wider than the sheet at spaces, each line within the width', () => {
    const words = 'Dependency heat map at 05:00 (1 s bucket): busiest payments 50%, 2 nodes with errors, rejections or failed requests, 2 calls failing';
    const lines = wrapText(words, 13, 300, true);
    expect(lines.join(' ')).toBe(words);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(textWidth(l, 13, true)).toBeLessThanOrEqual(300);
    expect(wrapText('a-very-long-word-without-spaces short', 13, 50)).toEqual(['a-very-long-word-without-spaces', 'short']);
    const sheet = composeSheet('t', [{ title: words, legend: [] }], 300);
    expect(sheet.svg.match(/font-size="13"/g)).toHaveLength(lines.length);
  });

  it('drops characters XML cannot hold', () => {
    expect(xmlText('a\u0001b\uFFFEc\uD800d😀')).toBe('abcd😀');
    expect(xmlProblems(composeSheet('bell\u0007 & <tag>', []).svg)).toEqual([]);
  });
});

describe('the well-formedness check itself', () => {
  it('finds what makes XML malformed', () => {
    expect(xmlProblems('<a><b></a></b>')).not.toEqual([]);
    expect(xmlProblems('<a>x & y</a>')).not.toEqual([]);
    expect(xmlProblems('<a x="1" x="2"/>')).not.toEqual([]);
    expect(xmlProblems('<a x="<"/>')).not.toEqual([]);
    expect(xmlProblems('<a/><b/>')).not.toEqual([]);
    expect(xmlProblems('<a x=1/>')).not.toEqual([]);
    expect(xmlProblems('<a>')).not.toEqual([]);
    expect(xmlProblems('<?xml version="1.0"?>\n<a b="&amp;&#38;&#x26;">t &lt; <!-- c --><c/></a>\n')).toEqual([]);
  });
});
