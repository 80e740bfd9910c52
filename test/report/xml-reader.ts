/**
 * A strict little XML reader for tests: it accepts only well-formed
 * markup with the five predefined entities and character references, and
 * returns the elements with their decoded attributes and text. Enough to
 * check that junit.xml round-trips every name exactly.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
};

/** Decode entities; throws on a bare `&` or an unknown entity. */
export function decode(raw: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.test(raw)) {
    throw new Error(`bad entity in ${JSON.stringify(raw)}`);
  }
  return raw.replace(/&(#x?)?([0-9a-zA-Z]+);/g, (_, hash, body: string) => {
    if (!hash) return ENTITIES[body]!;
    const code = parseInt(body, hash === '#x' ? 16 : 10);
    return String.fromCodePoint(code);
  });
}

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
const ATTR = /([\w:.-]+)="([^"<]*)"/g;

function attributes(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of raw.matchAll(ATTR)) {
    const key = m[1]!;
    if (key in attrs) throw new Error(`duplicate attribute ${key}`);
    attrs[key] = decode(m[2]!);
  }
  return attrs;
}

/** Parse a document; throws on anything not well-formed. */
export function readXml(text: string): XmlElement {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const chunk = body.slice(i, lt < 0 ? body.length : lt);
    if (chunk.includes('>')) throw new Error('raw ">" in text');
    stack.at(-1)!.text += decode(chunk);
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(body);
    if (!m) throw new Error(`bad tag at ${lt}: ${body.slice(lt, lt + 40)}`);
    i = TAG.lastIndex;
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`unbalanced </${name}>`);
      continue;
    }
    const el = { name: name!, attrs: attributes(rawAttrs!), children: [],
      text: '' };
    stack.at(-1)!.children.push(el);
    if (!selfClose) stack.push(el);
  }
  if (stack.length !== 1 || root.children.length !== 1) {
    throw new Error('not exactly one closed root element');
  }
  return root.children[0]!;
}

/** Every element of a tree with this name, depth first. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  const here = el.name === name ? [el] : [];
  return [...here, ...el.children.flatMap((c) => findAll(c, name))];
}
