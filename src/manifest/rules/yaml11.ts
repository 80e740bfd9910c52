/**
 * YAML11_AMBIGUOUS: unquoted text that YAML 1.1 tools (PyYAML, many
 * linters and CI helpers) read as something else. dwmigrate reads YAML 1.2,
 * where `name: no` is the text "no"; a 1.1 tool editing the same file
 * would see `false`. Quoting makes both agree.
 */
import {
  isMap,
  isScalar,
  type Document,
  type Node,
  type Scalar,
} from 'yaml';
import { diagnostic } from '../diagnostics.js';
import { itemsOf, manifestPath, pairIn, type Positions } from '../positions.js';
import type { Diagnostic } from '../types.js';

/** Keys whose values are text. */
const TEXT_KEYS = new Set(['name', 'label', 'description', 'region']);

// Everything the readings below can match, in one quick test.
const SUSPECT = new RegExp(
  '^(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF' +
  '|[-+]?\\d[\\d_:.eE+-]*|[-+]?0b[01_]+|\\d{4}-\\d\\d?-\\d\\d?(?:[Tt ].*)?)$');

/** What YAML 1.1 makes of a plain scalar that 1.2 reads as text. */
export function yaml11Reading(source: string): string | undefined {
  if (!SUSPECT.test(source)) return undefined;
  if (/^(y|Y|yes|Yes|YES|on|On|ON)$/.test(source)) return 'true';
  if (/^(n|N|no|No|NO|off|Off|OFF)$/.test(source)) return 'false';
  if (/^[-+]?0b[01_]+$/.test(source)) return 'a binary number';
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/.test(source)) {
    return 'a base-60 number';
  }
  if (/^[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?$/.test(source) &&
    source.includes('_')) {
    return `the number ${source.replace(/_/g, '')}`;
  }
  if (/^\d{4}-\d\d?-\d\d?([Tt ]|$)/.test(source)) return 'a date';
  return undefined;
}

/** Context for walking one document. */
export interface Yaml11Context {
  file: string;
  doc: Document.Parsed;
  positions: Positions;
  docPrefix: string;
}

/** Warnings for the text fields of one document. */
export function yaml11Ambiguities(ctx: Yaml11Context): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = ctx.doc.contents;
  const check = (node: unknown, path: (string | number)[]) =>
    checkMap(ctx, node, path, out);

  check(pairIn(ctx.doc, root, 'defaults')?.value, ['defaults']);
  const workspaces = itemsOf(ctx.doc,
    pairIn(ctx.doc, root, 'workspaces')?.value);
  workspaces.forEach((ws, i) => {
    check(ws, ['workspaces', i]);
    check(pairIn(ctx.doc, ws, 'defaults')?.value,
      ['workspaces', i, 'defaults']);
    const tasks = itemsOf(ctx.doc, pairIn(ctx.doc, ws, 'exports')?.value);
    tasks.forEach((task, j) => check(task, ['workspaces', i, 'exports', j]));
  });
  return out;
}

function checkMap(
  ctx: Yaml11Context,
  node: unknown,
  path: (string | number)[],
  out: Diagnostic[],
): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = pair.key;
    const value = pair.value;
    if (!isScalar(key) || !TEXT_KEYS.has(String(key.value))) continue;
    if (!isPlainText(value)) continue;
    const reading = yaml11Reading(value.source ?? '');
    if (!reading) continue;
    const source = value.source ?? '';
    out.push(diagnostic('YAML11_AMBIGUOUS', ctx.file,
      ctx.positions.ofNode(value as Node),
      `"${source}" is text here, but YAML 1.1 tools read it as ${reading}`, {
        path: ctx.docPrefix + manifestPath([...path, String(key.value)]),
        hint: `put it in quotes: "${source}"`,
      }));
  }
}

function isPlainText(value: unknown): value is Scalar<string> {
  return isScalar(value) && value.type === 'PLAIN' &&
    typeof value.value === 'string';
}
