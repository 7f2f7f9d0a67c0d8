/**
 * The README's gallery: one screenshot of the real app per bundled scenario, at 1280x720 with the
 * time cursor on its first break. Saved to test/e2e/screenshots/gallery/; with GALLERY=1
 * (`npm run gallery`) to docs/gallery/, which the README shows.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { serve, type Served } from './browser.js';

let served: Served;

beforeAll(async () => {
  served = await serve();
});

afterAll(async () => {
  await served?.close();
});

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();
const dir = process.env.GALLERY === '1' ? 'docs/gallery' : 'test/e2e/screenshots/gallery';

test('a screenshot of every bundled scenario', async () => {
  mkdirSync(dir, { recursive: true });
  const page = await served.browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const file of files) {
    await page.goto(`${served.url}#s=${file}`);
    await page.reload();
    await expect.poll(() => page.locator('#status').innerText(), { timeout: 60_000 }).toMatch(/events in/);
    await expect.poll(() => page.locator('#heatmap svg .nodes g').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${file.replace(/\.yaml$/, '')}.png` });
  }
  expect(errors).toEqual([]);
  await page.close();
});
