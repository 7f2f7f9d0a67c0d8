/** `story:` in a scenario file: presentation mode's steps, their problems, and variants beside them. */
import { describe, expect, it } from 'vitest';
import { storyOf } from '../../src/scenario/index.js';
import { BASE, problemsOf, scenarioOf, yaml } from './helpers.js';

/** BASE (duration 1h; 8 lines) with a story from line 10. */
const withStory = (...steps: string[]) => yaml(...BASE, 'story:', ...steps.map((s) => `  - ${s}`));

describe('story', () => {
  it('reads each step into a time in ms and its text, in order; none without story', () => {
    const s = scenarioOf(withStory('{ at: 0s, text: Before }', '{ at: 5m, text: "Payments starts failing. What will checkout do?" }', '{ at: 1h, text: End }'));
    expect(storyOf(s)).toEqual([
      { atMs: 0, text: 'Before' },
      { atMs: 300_000, text: 'Payments starts failing. What will checkout do?' },
      { atMs: 3_600_000, text: 'End' },
    ]);
    expect(storyOf(scenarioOf(yaml(...BASE)))).toEqual([]);
  });

  it('a step earlier than (or at the time of) the one before it: at its time', () => {
    expect(problemsOf(withStory('{ at: 5m, text: a }', '{ at: 2m, text: b }', '{ at: 2m, text: c }'))).toEqual([
      'x.yaml:11:11: story[1].at: must be later than the step before it (5m), got 2m (steps in the order they happen, each at its own time)',
      'x.yaml:12:11: story[2].at: must be later than the step before it (2m), got 2m (steps in the order they happen, each at its own time)',
    ]);
  });

  it('a step after the run ends: at its time, naming the duration', () => {
    expect(problemsOf(withStory('{ at: 59m, text: a }', '{ at: 61m, text: b }'))).toEqual([
      'x.yaml:11:11: story[1].at: comes after the run ends (duration: 1h) (a time from 0s to 1h)',
    ]);
  });

  it('every problem of the steps at once: empty text, a bare number, a missing text, an unknown key', () => {
    expect(problemsOf(withStory('{ at: 1m, text: "" }', '{ at: 5, text: b }', '{ at: 9m }', '{ at: 10m, txt: d }'))).toEqual([
      'x.yaml:10:21: story[0].text: must not be empty (what to say at that moment, e.g. text: "Payments starts failing. What will checkout do?")',
      'x.yaml:11:11: story[1].at: needs a unit, got the bare number 5 (a time from the start of the run, like 0s, 5m, 1h)',
      'x.yaml:12:5: story[2]: missing "text" (what to say at that moment, e.g. text: "Payments starts failing. What will checkout do?")',
      'x.yaml:13:16: story[3]: unknown key "txt" (did you mean "text"?)',
    ]);
    expect(problemsOf(yaml(...BASE, 'story: []'))).toEqual([
      'x.yaml:9:8: story: must list at least one story step (a list like - { at: 5m, text: "Payments starts failing. What will checkout do?" })',
    ]);
  });

  it('variants keep the story, and may drop it', () => {
    const text = yaml(
      ...BASE,
      'story:',
      '  - { at: 5m, text: a }',
      'variants:',
      '  more: { patch: { services: { api: { workers: 8 } } } }',
      '  quiet: { patch: { story: null } }',
    );
    const s = scenarioOf(text);
    const [more, quiet] = s.variants!;
    expect(storyOf(more.scenario)).toEqual([{ atMs: 300_000, text: 'a' }]);
    expect(more.scenario.services[0].workers).toBe(8);
    expect(storyOf(quiet.scenario)).toEqual([]);
  });
});
