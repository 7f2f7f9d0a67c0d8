/** What every browser test shares: the built app served by vite preview, and Debian's Chromium. */
import { chromium, type Browser } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

export interface Served {
  browser: Browser;
  /** The app's address (ends with /). */
  url: string;
  close(): Promise<void>;
}

/** Serves dist/web (npm run build first) and launches Chromium (CHROMIUM_PATH, else /usr/bin/chromium). */
export async function serve(): Promise<Served> {
  const server: PreviewServer = await preview({ configFile: 'vite.config.ts', preview: { port: 0, host: '127.0.0.1' } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    url: server.resolvedUrls!.local[0],
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}
