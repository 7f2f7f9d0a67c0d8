/**
 * Keeps docs/scenario-format.md in step with the schema: the page's generated blocks (between
 * `<!-- generated:NAME -->` and `<!-- end generated:NAME -->`) are rewritten from the JSON
 * Schema, the units of units.ts and real parser output; the prose between them is left alone.
 * `npm run docs` rewrites the page; test/docs/format-doc.test.ts fails when it is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { groupsOf, keyRows, type KeyRow } from './format-doc-keys.js';
import { formatProblem } from './format.js';
import { parseScenario } from './parse.js';
import { scenarioJsonSchema } from './schema.js';
import { DURATION_EXPECTED, DURATION_UNITS, RATE_EXPECTED, RATE_UNITS, SHARE_EXPECTED } from './units.js';

/** Broken files whose problems the page shows, exactly as `brownout validate` prints them. */
export const ERROR_EXAMPLES: readonly { file: string; text: string }[] = [
  {
    file: 'shop.yaml',
    text: [
      'name: Shop',
      'duration: 10',
      'features:',
      '  browse: { rate: 30, entry: wbe }',
      'services:',
      '  web: { workers: 0, serviceTime: 100ms, queu: 50 }',
      '',
    ].join('\n'),
  },
  {
    file: 'loop.yaml',
    text: [
      'name: Loop',
      'duration: 1h',
      'warmup: 2h',
      'features:',
      '  browse: { rate: 30/s, entry: web }',
      'services:',
      '  web: { workers: 4, serviceTime: 10ms, calls: [db] }',
      '  db: { workers: 2, calls: [web] }',
      '',
    ].join('\n'),
  },
  {
    file: 'variant.yaml',
    text: [
      'name: Variant',
      'duration: 1h',
      'features:',
      '  browse: { rate: 30/s, entry: web }',
      'services:',
      '  web: { workers: 4, serviceTime: 10ms, calls: [db] }',
      '  db: { workers: 2, serviceTime: 5ms }',
      'variants:',
      '  no-db:',
      '    patch: { services: { db: null } }',
      '',
    ].join('\n'),
  },
  {
    file: 'unclosed.yaml',
    text: ['name: Unclosed', 'duration: 1h', 'features:', '  browse: { rate: 30/s, entry: web', 'services: {}', ''].join('\n'),
  },
];

/** What `brownout validate FILE` prints on stderr for a file with problems (and exits with 2). */
export function validateOutput(file: string, text: string): string {
  const result = parseScenario(text, file);
  if (result.ok) throw new Error(`${file} has no problems; an error example needs some`);
  const n = result.problems.length;
  return `${result.problems.map(formatProblem).join('\n')}\n${n} problem${n === 1 ? '' : 's'} in ${file}\n`;
}

/** The content of the generated block `name`. Throws on a name the page should not use. */
export function generatedBlock(name: string, rows: readonly KeyRow[] = keyRows(scenarioJsonSchema())): string {
  if (name === 'units') return unitsBlock();
  if (name === 'errors') return errorsBlock();
  if (name.startsWith('keys:')) {
    const group = name.slice('keys:'.length);
    const mine = rows.filter((row) => row.group === group);
    if (mine.length === 0) throw new Error(`no keys in group "${group}"; groups: ${groupsOf(rows).join(', ')}`);
    return keyTable(mine);
  }
  throw new Error(`unknown generated block "${name}"`);
}

const BLOCK = /(<!-- generated:([\w:-]+) -->\n)([\s\S]*?)(<!-- end generated:\2 -->)/g;

/** The page with every generated block rewritten; the prose around them is kept as it is. */
export function renderFormatDoc(page: string): string {
  const rows = keyRows(scenarioJsonSchema());
  return page.replace(BLOCK, (_all, open: string, name: string, _old: string, close: string) => `${open}${generatedBlock(name, rows)}${close}`);
}

/** The names of the page's generated blocks, in page order. */
export function blockNames(page: string): string[] {
  return [...page.matchAll(BLOCK)].map((match) => match[2]);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function keyTable(rows: readonly KeyRow[]): string {
  const lines = ['| key | type | required | default | meaning |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const fallback = row.fallback === '' ? '' : cell(row.fallback);
    lines.push(`| \`${row.path}\` | ${cell(row.type)} | ${row.required ? 'yes' : ''} | ${fallback} | ${cell(row.description)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function unitsBlock(): string {
  const durations = Object.entries(DURATION_UNITS).map(([unit, ms]) => `| \`${unit}\` | ${ms} ms | \`3${unit}\` |`);
  const rates = Object.entries(RATE_UNITS).map(([unit, ms]) => `| \`/${unit}\` | per ${ms} ms | \`30/${unit}\` |`);
  return [
    `**Durations** (${DURATION_EXPECTED}): a number, then a unit, no space needed.`,
    '',
    '| unit | is | example |',
    '| --- | --- | --- |',
    ...durations,
    '',
    `**Rates** (${RATE_EXPECTED}): a number, a slash, a unit of time.`,
    '',
    '| unit | is | example |',
    '| --- | --- | --- |',
    ...rates,
    '',
    `**Shares** (${SHARE_EXPECTED}): a percentage up to \`100%\`, or a fraction from 0 to 1.`,
    '',
  ].join('\n');
}

function errorsBlock(): string {
  const parts = ERROR_EXAMPLES.map(({ file, text }) =>
    [`\`${file}\`:`, '', '```yaml', text.trimEnd(), '```', '', '`brownout validate ' + file + '` prints, and exits with 2:', '', '```', validateOutput(file, text).trimEnd(), '```', ''].join('\n'),
  );
  return parts.join('\n');
}

/** True when this module is the program being run rather than imported (e.g. by a test). */
function isMain(): boolean {
  return process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
}

if (isMain()) {
  // From dist/scenario/ (or src/scenario/) up to the package root.
  const target = new URL('../../docs/scenario-format.md', import.meta.url);
  writeFileSync(target, renderFormatDoc(readFileSync(target, 'utf8')));
  console.log(`wrote ${fileURLToPath(target)}`);
}
