/**
 * docs/teaching.md against the bundled scenarios it plays: the files exist and parse, each
 * segment's stops are that scenario's story steps, every variant it names exists in that
 * scenario, every knob it names is one of its sliders, and the timings fill 45 minutes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { formatDuration } from '../../src/scenario/units.js';

const page = readFileSync('docs/teaching.md', 'utf8');
/** The page's `## ` sections whose heading names a scenario file, with that file. */
const segments = page.split(/^## /m).flatMap((section) => {
  const file = /^[\d–]+: `([\w-]+\.yaml)`/.exec(section)?.[1];
  return file === undefined ? [] : [{ file, section }];
});

function scenario(file: string) {
  const parsed = parseScenario(readFileSync(`scenarios/${file}`, 'utf8'), file);
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  return parsed.scenario;
}

describe('docs/teaching.md', () => {
  it('names only bundled scenarios', () => {
    const files = [...new Set([...page.matchAll(/`([\w-]+\.yaml)`/g)].map((m) => m[1]))];
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(files.filter((file) => !existsSync(`scenarios/${file}`))).toEqual([]);
  });

  it('plays five scenarios whose stops are their story steps, in order', () => {
    expect(segments.map((s) => s.file)).toEqual(['three-tier.yaml', 'mmc-check.yaml', 'retry-storm.yaml', 'celebrity-spike.yaml', 'checkout-breaker.yaml']);
    for (const { file, section } of segments) {
      const stops = [...section.matchAll(/^\| (\d+(?:\.\d+)?(?:s|m|h)) \|/gm)].map((m) => m[1]);
      const story = (scenario(file).story ?? []).map((step) => formatDuration(step.atMs));
      // A table row's time as the story writes it: 5.5m is 5m30s in formatDuration's words.
      const asMs = (t: string) => Number.parseFloat(t) * (t.endsWith('h') ? 3_600_000 : t.endsWith('m') ? 60_000 : 1000);
      expect(stops.map((t) => formatDuration(asMs(t))), file).toEqual(story);
    }
  });

  it('names only variants and sliders the segment\'s scenario has', () => {
    for (const { file, section } of segments) {
      const s = scenario(file);
      // Variants of this scenario, or of another the section names (`shoppers-retry` of retry-storm-budget.yaml).
      const files = new Set([file, ...[...section.matchAll(/`([\w-]+\.yaml)`/g)].map((m) => m[1])]);
      const variants = new Set([...files].flatMap((f) => (scenario(f).variants ?? []).map((v) => v.name)));
      const named = [...section.matchAll(/`([a-z]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]).filter((w) => !w.endsWith('.yaml'));
      expect(named.filter((name) => !variants.has(name) && !existsSync(`scenarios/${name}.yaml`)), file).toEqual([]);
      const labels = new Set((s.knobs ?? []).map((k) => k.label));
      const sliders = [...section.matchAll(/drag \*\*([^*]+)\*\*/gi)].map((m) => m[1]);
      // A scenario without knobs gets derived sliders, named after its features (`lookup: arrivals`).
      const features = new Set(s.features.map((f) => f.name));
      for (const slider of sliders) expect(labels.has(slider) || (s.knobs === undefined && features.has(slider)), `${file}: ${slider}`).toBe(true);
    }
  });

  it('fills 45 minutes without gaps', () => {
    const spans = [...page.matchAll(/^\| (\d+)–(\d+) \|/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(spans[0][0]).toBe(0);
    expect(spans[spans.length - 1][1]).toBe(45);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBe(spans[i - 1][1]);
  });
});
