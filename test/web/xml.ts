/**
 * A small XML 1.0 well-formedness check for tests (no DOMParser in Node): one root element,
 * every tag closed in order, quoted and unique attributes, no raw '<' or stray '&' in text or
 * attribute values, only the five named entities or numeric references. Returns the problems
 * (empty when well-formed). Not a validator: DTDs and CDATA sections count as problems.
 */
const NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';
const ENTITY = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [], open: string[] = [];
  let roots = 0, i = 0;
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const token = new RegExp(`<!--[\\s\\S]*?-->|<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>|<[^>]*>?`, 'y');
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt < 0 ? body.length : lt);
    if (ENTITY.test(text)) problems.push(`stray & in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (text.trim() && open.length === 0) problems.push(`text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
    if (lt < 0) break;
    token.lastIndex = lt;
    const m = token.exec(body)!;
    i = lt + m[0].length;
    if (m[0].startsWith('<!--')) continue;
    if (m[2] === undefined) { problems.push(`malformed tag ${JSON.stringify(m[0].slice(0, 60))}`); continue; }
    const [, close, name, attrs, self] = m;
    if (close) {
      if (attrs || self) problems.push(`end tag </${name}> with attributes`);
      const top = open.pop();
      if (top !== name) problems.push(`</${name}> closes <${top ?? 'nothing'}>`);
      continue;
    }
    if (open.length === 0 && ++roots > 1) problems.push(`a second root <${name}>`);
    const seen = new Set<string>();
    for (const a of attrs.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
      const value = a[2] ?? a[3];
      if (seen.has(a[1])) problems.push(`<${name}> repeats ${a[1]}`);
      seen.add(a[1]);
      if (value.includes('<') || ENTITY.test(value)) problems.push(`<${name} ${a[1]}> holds a raw < or stray &`);
    }
    if (!self) open.push(name);
  }
  if (open.length > 0) problems.push(`unclosed ${open.map((n) => `<${n}>`).join(' ')}`);
  if (roots === 0) problems.push('no root element');
  return problems;
}
