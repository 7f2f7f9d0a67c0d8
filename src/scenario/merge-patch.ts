/**
 * JSON Merge Patch (RFC 7386) on plain data: how a scenario's variants change it.
 */

/** A plain map (not a list, not null), as JSON and YAML read them. */
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * `target` with `patch` merged in, as RFC 7386 defines it: a map patch merges key by key into
 * the target (a target that is not a map counts as an empty one), a `null` value deletes its
 * key, and any other value (a list included) replaces the target's value whole. A patch that
 * is not a map replaces the target. Keys keep the target's order, new keys follow in the
 * patch's order (the order of features and services means something in a scenario). Pure:
 * neither argument is changed, and the result shares no map or list with them.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return copy(patch);
  const result: Record<string, unknown> = {};
  const base = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(base)) {
    if (!Object.hasOwn(patch, key)) put(result, key, copy(value));
    else if (patch[key] !== null) put(result, key, mergePatch(value, patch[key]));
  }
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null && !Object.hasOwn(base, key)) put(result, key, mergePatch(undefined, value));
  }
  return result;
}

/** A deep copy of maps and lists; other values as they are. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) put(result, key, copy(inner));
  return result;
}

/** defineProperty, not assignment, so a key such as `__proto__` stays an ordinary key. */
function put(map: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}
