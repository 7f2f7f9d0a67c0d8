/**
 * Writes schema/scenario.schema.json from the zod schema (`npm run schema`). A test
 * (test/scenario/files.test.ts) fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from './schema.js';

/** The committed file's exact text: two-space JSON with a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** True when this module is the program being run rather than imported (e.g. by a test). */
function isMain(): boolean {
  return process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
}

if (isMain()) {
  // From dist/scenario/ (or src/scenario/) up to the package root.
  const target = new URL('../../schema/scenario.schema.json', import.meta.url);
  writeFileSync(target, scenarioJsonSchemaText());
  console.log(`wrote ${fileURLToPath(target)}`);
}
