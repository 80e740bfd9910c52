/**
 * A parsed YAML document to plain values, for the schema check. It does
 * what yaml's `toJS` does for manifests (merge keys, aliases as shared
 * values) in one direct pass, and bounds what aliases can expand to.
 *
 * Aliases are converted once and shared, so conversion stays linear; the
 * danger of an alias bomb is in what reads the result afterwards (schema
 * check, normalisation), which walks shared values again at every use. So
 * the budget counts the nodes each alias stands for, computed without
 * expanding anything.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type Node,
} from 'yaml';
import { isMergeKey } from './positions.js';

/**
 * Nodes that aliases may add to one document when expanded. A flat
 * `<<: *defaults` of 5 keys on 10,000 tasks adds 60,000; a "billion laughs"
 * bomb passes it within a few levels.
 */
export const MAX_ALIAS_NODES = 1_000_000;

/** Why a document could not be converted, with the node to blame. */
export class ConversionError extends Error {
  constructor(
    readonly kind: 'alias-limit' | 'unknown-alias' | 'bad-merge',
    readonly node: Node,
  ) {
    super(kind);
    this.name = 'ConversionError';
  }
}

interface Converted {
  value: unknown;
  /** Nodes this value stands for once every alias in it is expanded. */
  size: number;
}

/** Convert a document's contents; throws ConversionError. */
export function toValue(doc: Document.Parsed): unknown {
  return new Converter(doc).convert(doc.contents).value;
}

class Converter {
  private readonly anchors = new Map<Node, Converted>();
  private aliasNodes = 0;

  constructor(private readonly doc: Document.Parsed) {}

  convert(node: unknown): Converted {
    if (isScalar(node)) {
      return this.remember(node, { value: node.value, size: 1 });
    }
    if (isMap(node)) return this.remember(node, this.map(node));
    if (isSeq(node)) return this.remember(node, this.seq(node));
    if (isAlias(node)) return this.alias(node);
    return { value: null, size: 1 };
  }

  private remember(node: Node, converted: Converted): Converted {
    if (node.anchor) this.anchors.set(node, converted);
    return converted;
  }

  private alias(node: Node & { resolve(doc: Document): Node | undefined }) {
    const target = node.resolve(this.doc);
    const converted = target && this.anchors.get(target);
    if (!converted) throw new ConversionError('unknown-alias', node);
    this.aliasNodes += converted.size;
    if (this.aliasNodes > MAX_ALIAS_NODES) {
      throw new ConversionError('alias-limit', node);
    }
    return converted;
  }

  private seq(node: Node & { items: unknown[] }): Converted {
    const value: unknown[] = [];
    let size = 1;
    for (const item of node.items) {
      const c = this.convert(item);
      value.push(c.value);
      size += c.size;
    }
    return { value, size };
  }

  private map(node: Node & { items: { key: unknown; value: unknown }[] }) {
    const value: Record<string, unknown> = {};
    let size = 1;
    let merges: unknown[] | undefined;
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        (merges ??= []).push(pair.value);
        continue;
      }
      const c = this.convert(pair.value);
      define(value, keyOf(pair.key), c.value);
      size += 1 + c.size;
    }
    for (const source of merges ?? []) size += this.merge(value, source);
    return { value, size };
  }

  /** Add a merge source's keys that the mapping lacks; earlier wins. */
  private merge(into: Record<string, unknown>, source: unknown): number {
    const sources = isSeq(source) ? source.items : [source];
    let size = 0;
    for (const item of sources) {
      const c = this.convert(item);
      const merged = c.value;
      if (typeof merged !== 'object' || merged === null ||
        Array.isArray(merged)) {
        throw new ConversionError('bad-merge', item as Node);
      }
      size += c.size;
      for (const [k, v] of Object.entries(merged)) {
        if (!Object.prototype.hasOwnProperty.call(into, k)) define(into, k, v);
      }
    }
    return size;
  }
}

function keyOf(key: unknown): string {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  // Lists or mappings as keys have no place in a manifest: the schema
  // reports the odd key this makes.
  return '[complex key]';
}

/** Assign, with `__proto__` kept as data rather than a prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown) {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}
