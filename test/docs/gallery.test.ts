/** The README's gallery shows every bundled scenario, each with its screenshot (npm run gallery) and a lesson. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const names = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

describe('README gallery', () => {
  it('has a row with a screenshot and a lesson for every bundled scenario, and no other', () => {
    const rows = [...readme.matchAll(/^\| \[!\[([\w-]+)\]\(docs\/gallery\/([\w-]+)\.png\)\]\(docs\/gallery\/\2\.png\) \| \*\*`([\w-]+)\.yaml`\*\*: (.+) \|$/gm)];
    expect(rows.map((r) => r[2]).sort()).toEqual(names);
    for (const [, alt, image, file, lesson] of rows) {
      expect([alt, file]).toEqual([image, image]);
      expect(existsSync(`docs/gallery/${image}.png`), image).toBe(true);
      expect(lesson.length).toBeGreaterThan(20);
    }
  });
});
