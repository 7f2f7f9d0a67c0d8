/**
 * Variants: named alternatives to a scenario, each the whole file with a patch merged in by
 * JSON Merge Patch (RFC 7386), then checked exactly like the file itself. A problem in the
 * patched scenario is placed where its value was written: in the patch when the patch wrote
 * it (the path then reads `variants.NAME.patch...`), else in the base with the variant named
 * in the message. Problems the base has anyway are reported once, by the base.
 */
import { z } from 'zod';
import { NAME_PATTERN, defined, strict, tag, text } from './fields.js';
import { mergePatch } from './merge-patch.js';
import { isMap } from './messages.js';
import type { Scenario, VariantSpec } from './types.js';
import type { Draft, Path } from './yaml-tree.js';

export const VARIANT_RULE =
  'Each variant is the whole scenario with its patch merged in by JSON Merge Patch (RFC 7386): maps merge key by key, ' +
  'null deletes a key, anything else (lists included) replaces the value whole. The patched scenario is checked like the file itself.';

const variant = strict('variant', {
  description: text('story', 'What the variant changes, shown beside its results.').optional(),
  patch: z
    .record(z.string(), z.unknown(), tag('patch'))
    .meta({ description: `Changes to the scenario, written like the scenario itself. ${VARIANT_RULE} A patch cannot hold variants.` }),
});

export const variants = z
  .record(z.string().regex(new RegExp(NAME_PATTERN)), variant, tag('variantMap'))
  .meta({ description: `Named alternatives to compare on the same storm, e.g. no-retries: { patch: { ... } }. ${VARIANT_RULE}` });

export type VariantsInput = z.output<typeof variants>;

/** The result of checking one document (the base, or a patched one). */
export interface Checked {
  drafts: Draft[];
  /** Present when the document has no problems. */
  scenario?: Scenario;
}

/**
 * Merges each variant's patch into the file (`data`, the plain data from the YAML, without its
 * `variants`) and checks the result with `check`. Returns the variants' problems, placed in
 * the file and without those already in `baseDrafts`, and the scenario of each variant that
 * has none. Variants whose name or patch is not valid are left to the schema's problems.
 */
export function checkVariants(data: unknown, baseDrafts: readonly Draft[], check: (data: unknown) => Checked) {
  const drafts: Draft[] = [];
  const scenarios = new Map<string, Scenario>();
  if (!isMap(data) || !isMap(data.variants)) return { drafts, scenarios };
  const base = withoutKey(data, 'variants');
  const known = new Set(baseDrafts.map(signature));
  const validName = new RegExp(NAME_PATTERN);
  for (const [name, entry] of Object.entries(data.variants)) {
    if (!validName.test(name) || !isMap(entry) || !isMap(entry.patch)) continue;
    const prefix = ['variants', name, 'patch'];
    if (Object.hasOwn(entry.patch, 'variants')) drafts.push(nestedVariants(prefix));
    const patch = withoutKey(entry.patch, 'variants');
    const checked = check(mergePatch(base, patch));
    if (checked.scenario !== undefined) scenarios.set(name, checked.scenario);
    for (const draft of checked.drafts) {
      if (!known.has(signature(draft))) drafts.push(relocate(draft, base, patch, prefix, name));
    }
  }
  return { drafts, scenarios };
}

/** The base scenario with its variants' scenarios, in the order the file declares them. */
export function withVariants(scenario: Scenario, declared: VariantsInput | undefined, scenarios: ReadonlyMap<string, Scenario>): Scenario {
  if (declared === undefined) return scenario;
  const list = Object.entries(declared).map(([name, v]): VariantSpec => {
    const patched = scenarios.get(name);
    // parse.ts only gets here when no variant had a problem, and so every one was checked.
    if (patched === undefined) throw new Error(`variant ${name} was not checked`);
    return defined({ name, description: v.description, scenario: patched });
  });
  return { ...scenario, variants: list };
}

function nestedVariants(prefix: Path): Draft {
  const message = 'a patch cannot hold variants: variants do not nest';
  return { path: [...prefix, 'variants'], at: 'key', message, expected: 'each variant as its own entry under the top-level variants' };
}

function withoutKey(map: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).filter(([k]) => k !== key));
}

const signature = (d: Draft) => JSON.stringify([d.path, d.locate, d.at, d.message, d.source]);

/** A patched scenario's problem, placed in the patch when the patch wrote the value, else in the base. */
function relocate(draft: Draft, base: unknown, patch: Record<string, unknown>, prefix: Path, name: string): Draft {
  if (draft.source === undefined && writtenByPatch(base, patch, draft.locate ?? draft.path)) {
    return { ...draft, path: [...prefix, ...draft.path], locate: draft.locate === undefined ? undefined : [...prefix, ...draft.locate] };
  }
  return { ...draft, message: `${draft.message} (in the scenario as patched by variant ${name})` };
}

/**
 * True when the patched scenario's value at `path` was written in the patch: the patch holds
 * every step of the path (merging maps into maps), or a value that replaced the base's whole
 * above it. A map both wrote counts as the patch's: a problem there (a key it deleted) is the
 * patch's doing, since the base's own problems were reported by the base.
 */
function writtenByPatch(base: unknown, patch: Record<string, unknown>, path: Path): boolean {
  let below: unknown = base;
  let changes: Record<string, unknown> = patch;
  for (const step of path) {
    if (typeof step !== 'string' || !Object.hasOwn(changes, step) || changes[step] === null) return false;
    const written = changes[step];
    const was = isMap(below) && Object.hasOwn(below, step) ? below[step] : undefined;
    if (!isMap(written) || !isMap(was)) return true;
    changes = written;
    below = was;
  }
  return true;
}
