/**
 * YAML text to documents with positions. YAML's own errors become
 * diagnostics here; a document with a syntax error goes no further, but the
 * other documents of the file do.
 */
import {
  isCollection,
  isScalar,
  LineCounter,
  parseAllDocuments,
  visit,
  type Document,
  type YAMLError,
} from 'yaml';
import { diagnostic } from './diagnostics.js';
import type { Span } from './model.js';
import { Positions } from './positions.js';
import { ConversionError, MAX_ALIAS_NODES, toValue } from './to-value.js';
import type { Diagnostic } from './types.js';

/** The options every manifest is parsed with. */
export function parseOptions(lineCounter: LineCounter) {
  return {
    lineCounter,
    merge: true,
    uniqueKeys: true,
    prettyErrors: false,
  } as const;
}

/** One document of a file: its tree and, when it could be read, its value. */
export interface ParsedDocument {
  doc: Document.Parsed;
  /** The plain value; absent when the document cannot be trusted. */
  value?: unknown;
  /** True when the document holds nothing (`---` alone, comments). */
  empty: boolean;
  /** True when a mapping repeats a key: its values cannot be trusted. */
  duplicateKeys: boolean;
}

/** All documents of one file and the problems YAML itself found. */
export interface ParsedFile {
  documents: ParsedDocument[];
  positions: Positions;
  diagnostics: Diagnostic[];
}

/** Parse the text of `file`; never throws on bad input. */
export function parseManifest(text: string, file: string): ParsedFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, parseOptions(lineCounter));
  const positions = new Positions(lineCounter);
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];

  // An empty stream comes back as an object without documents.
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const problems = [...firstErrors(doc.errors, text), ...doc.warnings];
    for (const e of problems) {
      diagnostics.push(yamlProblem(e, doc, file, text, positions));
    }

    // Duplicate keys leave a readable tree: keep checking the rest of it.
    const fatal = doc.errors.some((e) => e.code !== 'DUPLICATE_KEY');
    const duplicateKeys = doc.errors.length > 0;
    const empty = doc.contents === null;
    if (fatal || empty) {
      documents.push({ doc, empty, duplicateKeys });
      continue;
    }
    const read = readValue(doc, file, positions, diagnostics);
    documents.push(read
      ? { doc, value: read.value, empty, duplicateKeys }
      : { doc, empty, duplicateKeys });
  }
  return { documents, positions, diagnostics };
}

function readValue(
  doc: Document.Parsed,
  file: string,
  positions: Positions,
  diagnostics: Diagnostic[],
): { value: unknown } | undefined {
  try {
    return { value: toValue(doc) };
  } catch (error: unknown) {
    if (!(error instanceof ConversionError)) throw error;
    diagnostics.push(conversionProblem(error, file, positions));
    return undefined;
  }
}

function conversionProblem(
  error: ConversionError,
  file: string,
  positions: Positions,
): Diagnostic {
  const at = positions.ofNode(error.node);
  if (error.kind === 'unknown-alias') {
    return diagnostic('UNKNOWN_ALIAS', file, at,
      'this alias refers to no anchor defined before it', {
        hint: 'define the anchor (&name) earlier in the same document',
      });
  }
  if (error.kind === 'alias-limit') {
    return diagnostic('ALIAS_LIMIT', file, at,
      'aliases expand to too much data (a protection against alias bombs)', {
        expected: `aliases standing for at most ${MAX_ALIAS_NODES} nodes ` +
          'per document',
        hint: 'nest aliases less deeply, or use defaults instead of anchors',
      });
  }
  return diagnostic('YAML_SYNTAX', file, at,
    'a merge key (<<) must refer to a mapping or a list of mappings', {
      hint: 'write `<<: *anchor` where &anchor marks a mapping',
    });
}

/**
 * The errors worth showing. One syntax error makes yaml report several
 * more that follow from it; a tab in the indentation, most of all. So:
 * every duplicate key, at most one error per line, and with a tab in the
 * indentation, only the tab errors.
 */
function firstErrors(errors: readonly YAMLError[], text: string): YAMLError[] {
  const tabs = errors.filter(
    (e) => e.code === 'TAB_AS_INDENT' || tabInIndent(text, e.pos[0]),
  );
  const candidates = tabs.length > 0
    ? [...errors.filter((e) => e.code === 'DUPLICATE_KEY'), ...tabs]
    : errors;
  const lines = new Set<number>();
  return candidates.filter((e) => {
    if (e.code === 'DUPLICATE_KEY') return true;
    const line = e.linePos?.[0].line ?? lineAt(text, e.pos[0]);
    if (lines.has(line)) return false;
    lines.add(line);
    return true;
  });
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset;
    i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function yamlProblem(
  e: YAMLError,
  doc: Document.Parsed,
  file: string,
  text: string,
  positions: Positions,
): Diagnostic {
  const at = positions.span(e.pos[0], e.pos[1]);
  const message = e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
  if (e.name === 'YAMLWarning') {
    return diagnostic('YAML_WARNING', file, at, message);
  }
  if (e.code === 'DUPLICATE_KEY') return duplicateKey(e, doc, file, positions);
  if (e.code === 'TAB_AS_INDENT' || tabInIndent(text, e.pos[0])) {
    return diagnostic('TAB_INDENT', file, at,
      'a tab is used for indentation; YAML allows spaces only', {
        hint: 'replace the tabs at the start of this line with spaces',
      });
  }
  const unclosed = unclosedFlow(e, doc, file, text, positions);
  if (unclosed) return unclosed;
  const start = skipBlanks(text, e.pos[0]);
  return diagnostic('YAML_SYNTAX', file,
    positions.span(start, Math.max(start, e.pos[1])), lowerFirst(message));
}

// yaml's wording when a flow collection runs into the next block line.
const UNCLOSED =
  /^Flow (sequence|map) in block collection .* end with a ([\]}])/;

/**
 * An unclosed `[` or `{`: yaml notices it where the next line starts, so
 * point at the opening bracket and keep that spot as a related location.
 */
function unclosedFlow(
  e: YAMLError,
  doc: Document.Parsed,
  file: string,
  text: string,
  positions: Positions,
): Diagnostic | undefined {
  const m = UNCLOSED.exec(e.message);
  if (!m) return undefined;
  const closer = m[2] ?? ']';
  const opener = closer === ']' ? '[' : '{';
  const open = openerBefore(doc, text, e.pos[0], opener, closer);
  if (open === undefined) return undefined;

  const noticed = positions.span(e.pos[0], e.pos[1]);
  return diagnostic('YAML_SYNTAX', file, positions.span(open, open + 1),
    `this ${opener} is never closed: the flow ${m[1]} needs a ${closer}`, {
      expected: `a ${closer} that closes it`,
      related: [{ file, line: noticed[0], column: noticed[1] }],
      hint: `add the ${closer}; a ${opener} that goes on over several ` +
        'lines needs them indented past its key',
    });
}

/** Offset of the last flow collection before `offset` left unclosed. */
function openerBefore(
  doc: Document.Parsed,
  text: string,
  offset: number,
  opener: string,
  closer: string,
): number | undefined {
  let found: number | undefined;
  visit(doc, (_, node) => {
    if (!isCollection(node) || !node.flow || !node.range) return;
    const [start, end] = node.range;
    if (start > offset || text[start] !== opener) return;
    if (text.slice(start, end).trimEnd().endsWith(closer)) return;
    if (found === undefined || start > found) found = start;
  });
  return found;
}

/** yaml often flags a line from its start: point at its first token. */
function skipBlanks(text: string, start: number): number {
  let i = start;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text[i] === undefined || text[i] === '\n' || text[i] === '\r'
    ? start
    : i;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** True when the line holding `offset` is indented with a tab. */
function tabInIndent(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(start, start + 200))?.[0] ?? '';
  return indent.includes('\t');
}

/** A repeated key, with the place of its first use. */
function duplicateKey(
  e: YAMLError,
  doc: Document.Parsed,
  file: string,
  positions: Positions,
): Diagnostic {
  let key: string | undefined;
  let at: Span = positions.span(e.pos[0], e.pos[1]);
  let firstAt: Span | undefined;
  visit(doc, {
    Map(_, map) {
      const keys = map.items.map((p) => p.key).filter(isScalar);
      const repeat = keys.find((k) => k.range?.[0] === e.pos[0]);
      if (!repeat) return undefined;
      key = String(repeat.value);
      at = positions.ofNode(repeat) ?? at;
      const first = keys.find((k) => String(k.value) === key);
      if (first !== repeat) firstAt = positions.ofNode(first);
      return visit.BREAK;
    },
  });

  const related = firstAt
    ? [{ file, line: firstAt[0], column: firstAt[1] }]
    : undefined;
  return diagnostic('DUPLICATE_KEY', file, at,
    `the key "${key ?? '?'}" appears twice in one mapping`, {
      found: 'a second occurrence',
      hint: 'keep one of them; which one wins depends on the YAML tool',
      related,
    });
}
