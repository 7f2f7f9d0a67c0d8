/**
 * vitest global setup: builds the CLI once, as `npm run build:cli` does (`tsc -p
 * tsconfig.build.json`, then scripts/bundle-cli.js: the bundle bin/brownout.js runs and its code
 * cache), so the subprocess tests in test/cli run `bin/brownout.js` on fresh code, never on a stale dist/. Wire it in vite.config.ts as `test.globalSetup: ['test/global-setup.ts']`.
 *
 * A failed build does not abort the whole unit suite: the outcome is handed to the tests
 * (`inject('cliBuild')`), and the subprocess tests fail with the compiler's output.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliBuild {
  ok: boolean;
  /** The compiler's output (errors) when the build failed. */
  output: string;
  ms: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cliBuild: CliBuild;
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs the project's own tsc on tsconfig.build.json, then bundles the CLI (writes dist/). */
export function buildCli(): CliBuild {
  const started = performance.now();
  // typescript's package exports do not list bin/tsc; find it next to its package.json.
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    execFileSync(process.execPath, [join(ROOT, 'scripts/bundle-cli.js')], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    return { ok: true, output: '', ms: performance.now() - started };
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message?: string };
    const output = `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}` || String(err.message);
    return { ok: false, output, ms: performance.now() - started };
  }
}

export default function setup(project: { provide(key: 'cliBuild', value: CliBuild): void }): void {
  project.provide('cliBuild', buildCli());
}
