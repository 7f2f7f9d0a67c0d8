/**
 * A 64-bit hash of a text (two 32-bit multiply-xorshift lanes over its UTF-16 code units, the
 * shape of cyrb53), as 16 hex digits: enough to tell that shards ran the same scenario file.
 * Not cryptographic; pure, so it runs in a browser too.
 */
export function textHash(text: string): string {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0');
  return hex(h2) + hex(h1);
}
