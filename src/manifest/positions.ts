/**
 * From YAML nodes to places in the file: spans from node ranges, and the
 * node at a manifest path, following aliases and merge keys the way
 * `toJS` does, so a schema error on the merged value finds its source.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Range,
  type YAMLMap,
} from 'yaml';
import type { Span } from './model.js';

/** Turns offsets of one file into 1-based lines and columns. */
export class Positions {
  private readonly starts: number[];

  constructor(lines: LineCounter) {
    this.starts = lines.lineStarts;
  }

  /** Index of the line holding `offset` (0-based), by binary search. */
  private lineIndex(offset: number): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid + 1;
      else high = mid;
    }
    return Math.max(0, low - 1);
  }

  /**
   * The span between two offsets. Most spans sit on one line: then the end
   * needs no second search, which matters at 100,000 tasks.
   */
  span(start: number, end: number): Span {
    const line = this.lineIndex(start);
    const lineStart = this.starts[line] ?? 0;
    const next = this.starts[line + 1] ?? Infinity;
    const stop = Math.max(start, end);
    const column = start - lineStart + 1;
    if (stop < next) return [line + 1, column, line + 1, stop - lineStart + 1];
    const endLine = this.lineIndex(stop);
    const endStart = this.starts[endLine] ?? 0;
    return [line + 1, column, endLine + 1, stop - endStart + 1];
  }

  /** The span of a node's value (without trailing comments). */
  ofNode(node: { range?: Range | null } | null | undefined): Span | undefined {
    const range = node?.range;
    return range ? this.span(range[0], range[1]) : undefined;
  }
}

/** What a path leads to: the value node and, inside a mapping, its key. */
export interface Located {
  node?: Node | null;
  key?: Node | null;
  /** The deepest existing node on the way, for missing keys. */
  parent?: Node | null;
}

type Doc = Document.Parsed;

function resolve(doc: Doc, node: unknown): Node | null | undefined {
  let current = node;
  // Alias chains are short; the bound is a guard against cycles.
  for (let i = 0; i < 100 && isAlias(current); i++) {
    current = current.resolve(doc);
  }
  return current as Node | null | undefined;
}

/** True for the `<<` key of a merge. */
export function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  return value === '<<' ||
    (typeof value === 'symbol' && value.description === '<<');
}

/** The pair for `key` in a mapping, its own pairs before merged ones. */
function findPair(
  doc: Doc,
  map: YAMLMap,
  key: string,
  depth = 0,
): { key: Node | null; value: Node | null } | undefined {
  let merges = false;
  for (const pair of map.items) {
    const k = pair.key;
    if (!isScalar(k)) continue;
    // Plain keys are strings already: compare before converting anything.
    if (k.value === key) return pair as { key: Node; value: Node | null };
    if (isMergeKey(k)) merges = true;
    else if (typeof k.value !== 'string' && String(k.value) === key) {
      return pair as { key: Node; value: Node | null };
    }
  }
  if (!merges) return undefined;
  if (depth > 20) return undefined;

  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const source = resolve(doc, pair.value);
    const sources = isSeq(source) ? source.items : [source];
    for (const item of sources) {
      const merged = resolve(doc, item);
      if (!isMap(merged)) continue;
      const found = findPair(doc, merged, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The key and value nodes of `key` in `node`, if it is a mapping. */
export function pairIn(
  doc: Doc,
  node: unknown,
  key: string,
): { key: Node | null; value: Node | null | undefined } | undefined {
  const map = resolve(doc, node);
  if (!isMap(map)) return undefined;
  const pair = findPair(doc, map, key);
  return pair ? { key: pair.key, value: resolve(doc, pair.value) } : undefined;
}

/** The items of a sequence node, aliases resolved; [] for anything else. */
export function itemsOf(doc: Doc, node: unknown): (Node | null | undefined)[] {
  const seq = resolve(doc, node);
  return isSeq(seq) ? seq.items.map((item) => resolve(doc, item)) : [];
}

/** The node at `segments` (keys and list indexes) below the root. */
export function nodeAt(doc: Doc, segments: readonly string[]): Located {
  let node = resolve(doc, doc.contents);
  let key: Node | null | undefined;
  let parent: Node | null | undefined = node;

  for (const segment of segments) {
    parent = node;
    if (isMap(node)) {
      const pair = findPair(doc, node, segment);
      if (!pair) return { parent };
      key = pair.key;
      node = resolve(doc, pair.value);
    } else if (isSeq(node)) {
      key = undefined;
      node = resolve(doc, node.items[Number(segment)]);
      if (node === undefined) return { parent };
    } else {
      return { parent };
    }
  }
  return { node, key, parent };
}

/** `workspaces[2].exports[0].name` from `['workspaces','2',...]`. */
export function manifestPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Segments of an ajv instance path (a JSON Pointer). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
