/**
 * The YAML reader's errors in plain words. The reader's own messages speak of "implicit
 * keys", "flow collections" and "scalar tokens"; we translate the ones people actually hit
 * when hand-editing a scenario, and fall back to the reader's message for the rest.
 */
import type { YAMLError } from 'yaml';
import type { Draft, Tree } from './yaml-tree.js';

/** [what the reader says, what is wrong, what was expected]; first match wins. */
const TRANSLATIONS: [RegExp, string, string][] = [
  [/^All (mapping|sequence) items must start at the same column/, 'the indentation is off here', 'items of one map or list lined up in the same column'],
  [/^Nested mappings are not allowed in compact mappings/, 'has a "key:" where a value was expected', 'each "key: value" on its own line; put text containing ": " in quotes'],
  [/^Flow sequence .*end with a \]/, 'has a list opened with "[" that is never closed', 'a closing "]", or the following lines indented further'],
  [/^Flow map .*end with a \}/, 'has a map opened with "{" that is never closed', 'a closing "}", or the following lines indented further'],
  [/^Implicit (map )?keys need to be/, 'has a line that is not "key: value"', 'a key, a ":" and a space, then the value, on one line'],
  [/^Missing closing "quote/, 'has text in "quotes" that is never closed', 'a closing " at the end of the text'],
  [/^Missing closing 'quote/, "has text in 'quotes' that is never closed", "a closing ' at the end of the text"],
  [/^Tabs are not allowed as indentation/, 'uses a tab to indent', 'spaces for indentation'],
  [/^Source contains multiple documents/, 'holds more than one YAML document', 'one scenario per file; remove the extra ---'],
  [/^Unexpected .*token/, 'has text the YAML reader did not expect here', 'check the indentation and the ":" on this line and the one before'],
];

/**
 * One draft for a YAML reader error. Duplicate keys are placed in the document (the path of
 * the map, the key named); other errors carry no path, because after a syntax error the
 * recovered structure is often not what the author meant.
 */
export function syntaxDraft(error: YAMLError, tree: Tree): Draft {
  const offset = error.pos[0];
  if (error.code === 'DUPLICATE_KEY') {
    const found = tree.keyAt(offset);
    const path = found?.path ?? [];
    const key = path[path.length - 1];
    const message = key === undefined ? 'repeats a key' : `repeats the key "${String(key)}"`;
    const expected = 'each key only once per map; the first one counts';
    return { path: path.slice(0, -1), at: 'key', offset: found?.offset ?? offset, message, expected };
  }
  const known = TRANSLATIONS.find(([pattern]) => pattern.test(error.message));
  if (known) return { path: [], at: 'value', offset, message: known[1], expected: known[2] };
  return { path: [], at: 'value', offset, message: `is not valid YAML: ${error.message}` };
}
