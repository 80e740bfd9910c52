/**
 * Starring out secret values in source text before any line of it is shown.
 * Works on the value nodes' source ranges, so every YAML form is covered:
 * block, flow, quoted (with ` #` inside), multi-line and aliased values.
 */
import {
  isAlias, isNode, isPair, isScalar, parseAllDocuments, visit,
  type Document, type Node,
} from 'yaml';
import { isSecretKey } from './secrets.js';

/** A text range [start, end) to star out. */
type Range = [number, number];

/**
 * The text with every non-blank character of a secret-looking key's value
 * replaced by `*`; lengths and line breaks are kept, so positions still hold.
 */
export function maskSecretText(text: string): string {
  const ranges = secretRanges(text);
  if (ranges.length === 0) return text;

  const chars = text.split('');
  for (const [start, end] of ranges) {
    for (let i = start; i < end && i < chars.length; i++) {
      if (!/\s/.test(chars[i] ?? ' ')) chars[i] = '*';
    }
  }
  return chars.join('');
}

/** Source ranges of the values of secret-looking keys, anchors resolved. */
function secretRanges(text: string): Range[] {
  const out: Range[] = [];
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text) as
      Document.Parsed[];
  } catch {
    // A text yaml cannot read at all has no ranges; the line mask remains.
    return out;
  }
  for (const doc of docs) {
    if (!('contents' in doc)) continue;
    visit(doc, {
      Pair(_, pair) {
        if (!isPair(pair) || !isScalar(pair.key)) return;
        if (!isSecretKey(String(pair.key.value))) return;
        addRanges(out, pair.value, doc);
      },
    });
  }
  return out;
}

/** The node's own range, and that of the node an alias points to. */
function addRanges(out: Range[], value: unknown, doc: Document): void {
  if (!isNode(value)) return;
  pushRange(out, value);
  if (!isAlias(value)) return;
  try {
    const target = value.resolve(doc);
    if (isNode(target)) pushRange(out, target);
  } catch {
    // An unknown anchor is a syntax error reported elsewhere.
  }
}

function pushRange(out: Range[], node: Node): void {
  const range = node.range;
  if (range) out.push([range[0], range[1]]);
}
