#!/usr/bin/env node
// The installed command: runs the compiled CLI (built by `npm install` through `prepare`), as one
// bundle with its code cache (see load-cli.js).
import { readFileSync } from 'node:fs';
import { bundleIsStale, loadCli } from './load-cli.js';

// A stale bundle (compiled modules rebuilt without it) gives way to the compiled modules themselves.
const cli = bundleIsStale() ? await import('../dist/cli/main.js') : loadCli();
if (cli === null) {
  process.stderr.write('brownout: not built yet; run "npm install" (or "npm run build:cli") in the brownout folder first.\n');
  process.exit(1);
}
// A reader that closes the pipe early (`brownout run … | head`) is not an error.
process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
process.exitCode = cli.main(process.argv.slice(2), undefined, version);
