import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

let server: PreviewServer;
let browser: Browser;
let url: string;

beforeAll(async () => {
  server = await preview({ configFile: 'vite.config.ts', preview: { port: 0, host: '127.0.0.1' } });
  url = server.resolvedUrls!.local[0];
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()));
});

test('the page runs the default scenario in a worker and shows its features and services', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.locator('table[aria-label="services"]').waitFor();
  const text = await page.locator('#results').innerText();
  for (const name of ['browse', 'checkout', 'web', 'catalog', 'payments']) expect(text).toContain(name);
  expect(await page.locator('#status').innerText()).toMatch(/Three-tier shop at steady load: [\d,]+ events/);
  expect(errors).toEqual([]);
});

test('another seed gives another run of the same scenario', async () => {
  const page = await browser.newPage();
  await page.goto(url);
  await page.locator('table[aria-label="features"]').waitFor();
  const first = await page.locator('table[aria-label="features"]').innerText();
  await page.fill('#seed', '2');
  await page.click('#run');
  await expect.poll(() => page.locator('table[aria-label="features"]').innerText()).not.toBe(first);
});
