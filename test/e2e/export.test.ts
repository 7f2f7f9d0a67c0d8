/**
 * The Export menu in a real Chromium, on its development page (web/dev/export.html:
 * checkout-breaker, variant no-breaker, seed 4): every item downloads a well-formed file named
 * after the scenario, variant and seed; the SVG renders with the page's look on its own; the PNG
 * is the SVG at twice its size; CSV and JSON are what the CLI prints for the same run.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serve, type Served } from './browser.js';
import { cli } from '../cli/run-cli.js';
import { xmlProblems } from '../web/xml.js';

let served: Served;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const STEM = 'checkout-breaker-no-breaker-seed4';

beforeAll(async () => {
  served = await serve();
  browser = served.browser;
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(new URL('dev/export.html?scenario=checkout-breaker.yaml&variant=no-breaker&seed=4', served.url).href);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  await page.locator('.heatmap svg .nodes g').first().waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await served?.close();
});

/** Opens the menu from the keyboard, picks the item, and returns the downloaded file. */
async function exported(id: string): Promise<{ name: string; bytes: Buffer }> {
  await page.locator('.bo-export summary').focus();
  if (!(await page.locator('.bo-export').evaluate((d) => (d as HTMLDetailsElement).open))) await page.keyboard.press('Enter');
  const item = page.locator(`.bo-export button[data-export="${id}"]`);
  await item.focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const bytes = await readFile((await download.path())!);
  return { name: download.suggestedFilename(), bytes };
}

/** The SVG's problems as the browser's own XML parser sees them. */
const parserErrors = (svg: string) => page.evaluate((text) => {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  return doc.querySelector('parsererror')?.textContent ?? (doc.documentElement.localName === 'svg' ? '' : 'no <svg> root');
}, svg);

test('the charts as SVG: well-formed, titled, and drawn as on the page without its stylesheet', async () => {
  const { name, bytes } = await exported('charts-svg');
  const svg = bytes.toString('utf8');
  expect(name).toBe(`${STEM}-charts.svg`);
  expect(xmlProblems(svg)).toEqual([]);
  expect(await parserErrors(svg)).toBe('');
  expect(svg).toContain('>Checkout fails fast while payments fail · variant no-breaker · seed 4</text>');
  for (const title of await page.locator('.bo-chart-title').allTextContents()) expect(svg).toContain(`>${title}</text>`);
  expect(svg).not.toContain('Click or drag');

  // Alone in a fresh page, with no stylesheet: axis labels keep the page's size and colour.
  const alone = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const file = join(tmpdir(), `${STEM}-charts.svg`);
  await writeFile(file, svg);
  await alone.goto(`file://${file}`);
  const look = (p: Page) => p.evaluate(() => {
    const text = document.querySelector('.bo-axis text, g.tick text')!, css = getComputedStyle(text);
    return [css.fontSize, css.fill];
  });
  expect(await look(alone)).toEqual(await look(page));
  await alone.close();
});

test('the charts and the heat map as PNG: the SVG sheet at twice its size', async () => {
  for (const what of ['charts', 'heatmap']) {
    const svg = (await exported(`${what}-svg`)).bytes.toString('utf8');
    const { name, bytes } = await exported(`${what}-png`);
    await writeFile(join(tmpdir(), name), bytes); // to look at
    expect(name).toBe(`${STEM}-${what}.png`);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const [, w, h] = /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="(\d+)" height="(\d+)"/.exec(svg)!;
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([2 * Number(w), 2 * Number(h)]);
  }
});

test('the heat map as SVG: well-formed, with its nodes, caption and legend', async () => {
  const { name, bytes } = await exported('heatmap-svg');
  const svg = bytes.toString('utf8');
  expect(name).toBe(`${STEM}-heatmap.svg`);
  expect(xmlProblems(svg)).toEqual([]);
  expect(await parserErrors(svg)).toBe('');
  expect(svg).toContain('>Dependency heat map at ');
  expect(svg).toContain('>breaker open</text>');
  expect(svg.match(/<rect class="box"|<rect [^>]*class="box"/g)?.length ?? 0).toBe(await page.locator('.heatmap .nodes rect').count());
});

test('results as CSV and JSON are what `brownout run` prints for the same run', async () => {
  const args = ['run', 'scenarios/checkout-breaker.yaml', '--seed', '4', '--variant', 'no-breaker'];
  const csv = await exported('csv');
  expect(csv.name).toBe(`${STEM}-results.csv`);
  expect(csv.bytes.toString('utf8')).toBe(cli(...args, '--csv').stdout);
  const json = await exported('json');
  expect(json.name).toBe(`${STEM}-results.json`);
  expect(json.bytes.toString('utf8')).toBe(cli(...args, '--json').stdout);
});

test('the brief as Markdown, then Escape closes the menu and no error was logged', async () => {
  const { name, bytes } = await exported('brief');
  expect(name).toBe(`${STEM}-brief.md`);
  expect(bytes.toString('utf8')).toMatch(/^# .*\n/);
  expect(bytes.toString('utf8')).toContain('Checkout fails fast while payments fail');
  await page.locator('.bo-export summary').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-export'))).toBe('charts-svg');
  await page.keyboard.press('Escape');
  expect(await page.locator('.bo-export').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
  expect(await page.locator('.bo-export-said').textContent()).toBe(`Saved ${STEM}-brief.md`);
  expect(errors).toEqual([]);
});
