import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: 'web',
  base: './',
  build: {
    outDir: '../dist/web', emptyOutDir: true,
    // elkjs (the graph layout) is one 1.5 MB chunk, loaded on first use after the page has drawn.
    chunkSizeWarningLimit: 1600,
    // The app, and a development page per view (dev/heatmap.html, dev/present.html, dev/export.html) the browser tests mount one view on.
    rollupOptions: {
      input: { main: page('web/index.html'), heatmap: page('web/dev/heatmap.html'), present: page('web/dev/present.html'), export: page('web/dev/export.html') },
    },
  },
  worker: { format: 'es' },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
