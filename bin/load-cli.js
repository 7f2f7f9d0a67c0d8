// Loads the command for bin/brownout.js: the one-file bundle of the compiled CLI
// (dist/cli/brownout.cjs, written by scripts/bundle-cli.js), compiled with the V8 code cache that
// the build saved beside it (issue 11, start-up). One file instead of ~150 modules, and no
// parsing or compiling of the functions the build's warm-up run used, roughly halve the time
// before `main` runs. The cache is only an accelerator: missing, from another build, or
// rejected by this node's V8 (another version or flags), the bundle is compiled from source and
// runs the same. Node 20 has no module.enableCompileCache, hence vm.Script with cachedData.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/cli/brownout.cjs', import.meta.url));
export const CODE_CACHE = `${BUNDLE}.cache`;
/**
 * The bundle's first line names its build (the SHA-256 of the rest, written by the build), and
 * the cache file starts with the same line, then V8's data: a cache from any other build is
 * ignored without hashing 800 kB at every start (V8 itself also checks the source's length).
 */
export const BUILD_LINE = '// brownout-cli-bundle sha256=';

/**
 * True when the compiled modules are newer than the bundle (tsc ran alone, not `npm run
 * build:cli`): then the bundle is stale, and running it would disagree with the worker threads,
 * which load the compiled modules. Two stat calls.
 */
export function bundleIsStale() {
  try {
    return statSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))).mtimeMs > statSync(BUNDLE).mtimeMs;
  } catch {
    return false;
  }
}

/** The bundle's text, or null when it has not been built. ASCII only (the build checks), so latin1 reads it fast and exactly. */
function readBundle() {
  try {
    return readFileSync(BUNDLE, 'latin1');
  } catch (e) {
    if (e?.code === 'ENOENT') return null;
    throw e;
  }
}

/** The cached data saved for this very build of the bundle, else undefined. */
function cachedDataFor(source) {
  let file;
  try {
    file = readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
  const line = source.slice(0, source.indexOf('\n') + 1);
  if (!line.startsWith(BUILD_LINE) || file.toString('latin1', 0, line.length) !== line) return undefined;
  return file.subarray(line.length);
}

/**
 * The CLI bundle's exports ({ main, … }) plus `cache`: 'used', 'rejected' (V8 refused it),
 * 'none' (missing, or from another build) or 'off'; and `script` and `source`, from which the
 * build makes the cache. Null when the bundle has not been built. `useCache: false` ignores the cache.
 */
export function loadCli({ useCache = true } = {}) {
  const source = readBundle();
  if (source === null) return null;
  const cachedData = useCache ? cachedDataFor(source) : undefined;
  // The same wrapper as a CommonJS module: the bundle refers to require, module, __filename.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  const cache = !useCache ? 'off' : cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  return { ...module.exports, cache, script, source };
}
