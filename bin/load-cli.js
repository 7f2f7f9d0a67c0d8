// Loads the command for bin/brownout.js: the one-file bundle of the compiled CLI
// (dist/cli/brownout.cjs, written by scripts/bundle-cli.js), compiled with the V8 code cache that
// the build saved beside it (issue 11, start-up). One file instead of ~300 modules, and no
// parsing or compiling of the functions the build's warm-up run used, roughly halve the time
// before `main` runs. The cache is only an accelerator: missing, from another build (its header
// names the bundle's SHA-256) or rejected by this node's V8, the bundle is compiled from source
// and runs the same. Node 20 has no module.enableCompileCache, hence vm.Script with cachedData.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/cli/brownout.cjs', import.meta.url));
export const CODE_CACHE = `${BUNDLE}.cache`;
/** The cache file: this header line (with the bundle's SHA-256), then V8's cached data. */
const HEADER = 'brownout-code-cache sha256=';

/** The bundle's text, or null when it has not been built. */
function readBundle() {
  try {
    return readFileSync(BUNDLE, 'utf8');
  } catch (e) {
    if (e?.code === 'ENOENT') return null;
    throw e;
  }
}

export const bundleDigest = (source) => createHash('sha256').update(source).digest('hex');

/** The cached data saved for exactly this bundle text, else undefined. */
function cachedDataFor(source) {
  let file;
  try {
    file = readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
  const end = file.indexOf(10);
  if (end < 0 || file.toString('latin1', 0, end) !== HEADER + bundleDigest(source)) return undefined;
  return file.subarray(end + 1);
}

/** Writes the code cache of `script` (compiled from `source`) for later loads; the build calls it after a warm-up run. */
export function codeCacheFile(script, source) {
  return Buffer.concat([Buffer.from(`${HEADER}${bundleDigest(source)}\n`, 'latin1'), script.createCachedData()]);
}

/**
 * The CLI bundle's exports ({ main, … }) plus `cache`: 'used', 'rejected' (V8 refused it: another
 * node version or flags), 'none' (missing or from another build) or 'off', and `script` (for
 * the build's code cache). Null when the bundle has not been built. `useCache: false` ignores the cache.
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
