// Where the start-up of `brownout run FILE --json` goes, measured inside one fresh process.
// Run by bench/startup.js (one fresh process per sample); prints one JSON line of milliseconds.
//
//   node bench/startup-phases.js modules FILE   the compiled modules (dist/, unbundled) imported
//                                               group by group, then each step of the run by hand:
//                                               the quick path, then the full parser (zod) for comparison
//   node bench/startup-phases.js entry FILE     the way bin/brownout.js loads the command, then main()
//
// Each figure is { wall, cpu } in ms. `boot` is node's own start until this file's first line.
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';

const boot = { wall: performance.now(), cpu: cpuMs() };
const [mode, file] = process.argv.slice(2);
const dist = new URL('../dist/', import.meta.url);

function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Times `step` (sync or async) and stores its figures under `name`. */
async function timed(figures, name, step) {
  const wall = performance.now(), cpu = cpuMs();
  const value = await step();
  figures[name] = { wall: performance.now() - wall, cpu: cpuMs() - cpu };
  return value;
}

const at = (path) => new URL(path, dist).href;

async function modules(figures) {
  await timed(figures, 'import yaml', () => import('yaml'));
  // The quick path's own modules (src/scenario/quick.ts and what it imports; no zod), where it exists.
  const quick = existsSync(new URL('scenario/quick.js', dist))
    ? await timed(figures, 'quick-path modules', () => import(at('scenario/quick.js')))
    : undefined;
  const { simulate } = await timed(figures, 'model (src/model, engine, metrics)', () => import(at('model/simulate.js')));
  const [{ summarize }, { runJson }] = await timed(figures, 'outcomes', () =>
    Promise.all([import(at('outcomes/summarize.js')), import(at('outcomes/run-json.js'))]));
  const source = readFileSync(file, 'utf8');
  const quickScenario = quick && await timed(figures, 'read + quick parse', () => quick.quickParse(readFileSync(file, 'utf8')));
  // The full parser: what a file the quick path declines (or every file, before it) costs.
  await timed(figures, 'import zod', () => import('zod'));
  // schema.ts builds the whole zod schema when it is evaluated: its own modules plus that work.
  await timed(figures, 'schema modules + construction', () => import(at('scenario/schema.js')));
  const { loadScenarioFile } = await timed(figures, 'rest of the full parser', () => import(at('scenario/load-file.js')));
  const loaded = await timed(figures, 'read + full parse + validate', () => loadScenarioFile(file));
  if (!loaded.ok) throw new Error(`${file} is not a valid scenario: ${loaded.problems[0].message}`);
  if (quick && quickScenario === undefined) throw new Error(`the quick path declined ${file}: ${source.slice(0, 100)}`);
  await timed(figures, 'rest of src/cli', () => import(at('cli/main.js')));
  const result = await timed(figures, 'simulate', () => simulate(loaded.scenario, {}));
  const outcomes = await timed(figures, 'outcomes (summarize)', () => summarize(result, loaded.scenario));
  const json = await timed(figures, 'JSON (runJson)', () => runJson(result, outcomes));
  await timed(figures, 'write', () => {
    const fd = openSync('/dev/null', 'w');
    writeSync(fd, json);
    closeSync(fd);
  });
}

/** The command as bin/brownout.js loads it: bin/load-cli.js when it exists, else dist/cli/main.js. */
async function entry(figures) {
  const loader = new URL('../bin/load-cli.js', import.meta.url);
  const { main } = await timed(figures, 'load the CLI', async () =>
    existsSync(loader) ? (await import(loader.href)).loadCli() : import(at('cli/main.js')));
  let out = '';
  const code = await timed(figures, 'main(run FILE --json)', () =>
    main(['run', file, '--json'], { stdout: (t) => (out += t), stderr: (t) => (out += t) }, '0.0.0'));
  if (code !== 0) throw new Error(`run failed (${code}): ${out}`);
}

const figures = { boot };
if (mode === 'modules') await modules(figures);
else if (mode === 'entry') await entry(figures);
else throw new Error(`usage: node bench/startup-phases.js modules|entry FILE (got ${mode})`);
figures.total = { wall: performance.now(), cpu: cpuMs() };
process.stdout.write(`${JSON.stringify(figures)}\n`);
