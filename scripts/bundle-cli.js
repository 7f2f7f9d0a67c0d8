// The second half of `npm run build:cli` (after tsc writes dist/): bundles the compiled CLI
// (dist/cli/main.js and everything it imports, zod and yaml included) into one CommonJS file,
// dist/cli/brownout.cjs, which bin/brownout.js loads through bin/load-cli.js; then saves the V8
// code cache of that file after a warm-up run in a fresh node process, so the functions a run
// uses need no parsing or compiling at start-up (issue 11). The unbundled dist/ stays: tests,
// the bench and the worker threads (dist/cli/pool-worker.js) use it.
//
//   node scripts/bundle-cli.js           bundle, then the code cache
//   node scripts/bundle-cli.js --cache   the code cache only (the fresh process the bundling starts)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_LINE, BUNDLE, CODE_CACHE, loadCli } from '../bin/load-cli.js';

const ENTRY = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** What the warm-up runs: a valid scenario (table, JSON, CSV) and one with several problems. */
const WARM_UP = {
  'ok.yaml': 'name: Warm-up\nduration: 10s\nfeatures:\n  browse: { rate: 40/s, entry: web }\nservices:\n  web:\n    workers: 4\n    serviceTime: { exponential: 50ms }\n',
  'bad.yaml': 'name: Bad\nduration: 10 minutes\nfeatures:\n  browse: { rate: 10/s, entry: api }\nservices:\n  web:\n    workers: zero\n    serviceTime: 10ms\n',
};

/**
 * src/cli/deferred.ts with each `() => NAME` (NAME from `import * as NAME from 'SPEC'`) made
 * `() => require('SPEC')`: rolldown then wraps SPEC and what only it needs in an initialiser
 * that runs on the first call, so start-up does not evaluate them (zod and the schema above all).
 */
export function deferModules(code) {
  const imports = [...code.matchAll(/^import \* as (\w+) from '([^']+)';\n/gm)];
  if (imports.length === 0) throw new Error('deferred.js: no `import * as NAME from \'SPEC\'` to defer');
  let out = code;
  for (const [line, name, spec] of imports) {
    const use = new RegExp(`\\(\\) => ${name}\\b`, 'g');
    out = out.replace(line, '');
    if (!use.test(out)) throw new Error(`deferred.js: ${name} is not used as \`() => ${name}\``);
    out = out.replace(use, `() => require(${JSON.stringify(spec)})`);
  }
  if (/^import /m.test(out)) throw new Error('deferred.js: an import the bundler does not defer');
  return out;
}

const deferPlugin = () => {
  let seen = false;
  return {
    name: 'brownout-defer',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('/dist/cli/deferred.js')) return null;
      seen = true;
      return { code: deferModules(code), map: null };
    },
    buildEnd(error) {
      if (!error && !seen) throw new Error('dist/cli/deferred.js was not bundled: nothing is loaded lazily');
    },
  };
};

/**
 * seedrandom requires node:crypto when it loads, only to seed itself when called without a seed
 * (autoseed), which brownout never does: every stream is seeded (src/engine/random.ts uses
 * seedrandom.alea(seed)). Loading crypto is ~2 ms of every start, so in the bundle that require
 * fails, as seedrandom.js allows for (try/catch: it would then seed from globalThis.crypto).
 */
const noCryptoForSeedrandom = () => ({
  name: 'brownout-no-crypto-for-seedrandom',
  resolveId(source, importer) {
    return source === 'crypto' && importer?.replaceAll('\\', '/').includes('/node_modules/seedrandom/') ? '\0no-crypto' : null;
  },
  load(id) {
    return id === '\0no-crypto' ? "throw new Error('node:crypto is left out of the brownout bundle (only seedrandom\\'s autoseed used it)');" : null;
  },
});

async function bundle() {
  const { rolldown } = await import('rolldown');
  const warnings = [];
  const onLog = (level, log) => { if (level === 'warn') warnings.push(log.message); };
  const build = await rolldown({ input: ENTRY, platform: 'node', plugins: [deferPlugin(), noCryptoForSeedrandom()], onLog });
  try {
    // ASCII (other characters escaped, the same strings at run time), so the loader reads it as latin1: 10 times faster than UTF-8.
    await build.write({ file: BUNDLE, format: 'cjs', charset: 'ascii', comments: { legal: true, annotation: false, jsdoc: false } });
  } finally {
    await build.close();
  }
  if (warnings.length > 0) throw new Error(`bundling the CLI warned:\n${warnings.join('\n')}`);
  const code = readFileSync(BUNDLE, 'utf8');
  if (!/^[\x00-\x7f]*$/.test(code)) throw new Error(`${BUNDLE} is not ASCII: bin/load-cli.js reads it as latin1`);
  // The first line names this build, so a code cache from another build is never used (load-cli.js).
  writeFileSync(BUNDLE, `${BUILD_LINE}${createHash('sha256').update(code).digest('hex')}\n${code}`);
}

/** Loads the bundle without a cache, runs the commands a user runs most, and saves the code cache. */
function saveCodeCache() {
  const cli = loadCli({ useCache: false });
  if (cli === null) throw new Error(`${BUNDLE} is missing`);
  const dir = mkdtempSync(join(tmpdir(), 'brownout-warm-up-'));
  try {
    for (const [name, text] of Object.entries(WARM_UP)) writeFileSync(join(dir, name), text);
    const io = { stdout: () => {}, stderr: () => {} };
    const ok = join(dir, 'ok.yaml');
    for (const extra of [['--json'], [], ['--csv']]) {
      if (cli.main(['run', ok, ...extra], io, '0.0.0') !== 0) throw new Error(`warm-up run ${extra.join(' ')} failed`);
    }
    if (cli.main(['run', join(dir, 'bad.yaml')], io, '0.0.0') !== 2) throw new Error('warm-up of a bad file did not fail');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const buildLine = cli.source.slice(0, cli.source.indexOf('\n') + 1);
  writeFileSync(CODE_CACHE, Buffer.concat([Buffer.from(buildLine, 'latin1'), cli.script.createCachedData()]));
}

if (process.argv[2] === '--cache') {
  saveCodeCache();
} else {
  await bundle();
  // A fresh process, so the cache holds only what the CLI's own run compiled.
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--cache'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
