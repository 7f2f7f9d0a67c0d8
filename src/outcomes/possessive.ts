/** Names in running text. */

/** `payments'` for a name ending in s, `checkout's` otherwise. */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}
