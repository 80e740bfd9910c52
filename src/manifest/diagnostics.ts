/**
 * Building diagnostics and printing them as text, JSON or GitHub workflow
 * annotations. `validate` prints them to stdout, `apply` to stderr: both use
 * formatDiagnostics so a problem reads the same everywhere.
 */
import { CODES, type Code } from './codes.js';
import type { Span } from './model.js';
import type { Diagnostic, SourceLocation } from './types.js';
import { plural } from '../plural.js';

/** Optional parts of a diagnostic. */
export interface DiagnosticExtra {
  path?: string;
  expected?: string;
  found?: string;
  hint?: string;
  related?: SourceLocation[];
}

/** A diagnostic with the severity of its code; `at` absent = whole file. */
export function diagnostic(
  code: Code,
  file: string,
  at: Span | undefined,
  message: string,
  extra: DiagnosticExtra = {},
): Diagnostic {
  const d: Diagnostic = {
    code,
    severity: CODES[code].severity,
    file,
    line: at ? at[0] : 0,
    column: at ? at[1] : 0,
    path: extra.path ?? '',
    message,
  };
  if (at) {
    d.endLine = at[2];
    d.endColumn = at[3];
  }
  if (extra.expected !== undefined) d.expected = extra.expected;
  if (extra.found !== undefined) d.found = extra.found;
  if (extra.hint !== undefined) d.hint = extra.hint;
  if (extra.related !== undefined) d.related = extra.related;
  return d;
}

/** Order for printing: by file, then position, then code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Counts for the one-line summary. */
export interface DiagnosticCounts {
  errors: number;
  warnings: number;
  /** Files with at least one diagnostic. */
  files: number;
}

/** Count errors, warnings and the files they are in. */
export function countDiagnostics(
  diags: readonly Diagnostic[],
): DiagnosticCounts {
  const files = new Set(diags.map((d) => d.file));
  const errors = diags.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diags.length - errors, files: files.size };
}

/** "3 errors, 1 warning in 2 files". */
export function describeCounts(counts: DiagnosticCounts): string {
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(plural(counts.errors, 'error'));
  if (counts.warnings > 0) parts.push(plural(counts.warnings, 'warning'));
  if (parts.length === 0) return 'no problems';
  return `${parts.join(', ')} in ${plural(counts.files, 'file')}`;
}

export type DiagnosticFormat = 'text' | 'json' | 'github';

/** The accepted values of `--format`. */
export const DIAGNOSTIC_FORMATS: readonly DiagnosticFormat[] = [
  'text',
  'json',
  'github',
];

/**
 * Render diagnostics; the result ends with a newline unless empty. JSON is
 * one array; text and github print one entry per diagnostic, in order.
 */
export function formatDiagnostics(
  diags: readonly Diagnostic[],
  format: DiagnosticFormat,
): string {
  if (format === 'json') {
    return `${JSON.stringify(diags.map(toJson), null, 2)}\n`;
  }
  if (diags.length === 0) return '';
  if (format === 'github') return `${diags.map(formatGithub).join('\n')}\n`;
  // A blank line between entries: each one spans several lines.
  return `${diags.map(formatText).join('\n\n')}\n`;
}

/** The JSON form: every field but the display-only snippet. */
export function toJson(d: Diagnostic): Omit<Diagnostic, 'snippet'> {
  const { snippet, ...rest } = d;
  void snippet;
  return rest;
}

function where(file: string, line: number, column: number): string {
  return line > 0 ? `${file}:${line}:${column}` : file;
}

/** One diagnostic as text: headline, source line with caret, details. */
export function formatText(d: Diagnostic): string {
  const lines = [
    `${where(d.file, d.line, d.column)}: ${d.severity} ${d.code}: ${d.message}`,
  ];
  if (d.snippet !== undefined && d.line > 0) lines.push(...excerpt(d));
  if (d.path) lines.push(`  at ${d.path}`);
  const facts: string[] = [];
  if (d.expected !== undefined) facts.push(`expected ${d.expected}`);
  if (d.found !== undefined) facts.push(`found ${d.found}`);
  if (facts.length > 0) lines.push(`  ${facts.join('; ')}`);
  for (const r of d.related ?? []) {
    lines.push(`  see also ${where(r.file, r.line, r.column)}`);
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

const SNIPPET_WIDTH = 72;

/** The source line and a caret line under the flagged span. */
function excerpt(d: Diagnostic): string[] {
  const text = visible(d.snippet ?? '');
  const sameLine = d.endLine === d.line && d.endColumn !== undefined;
  const width = sameLine ? Math.max(1, (d.endColumn ?? 0) - d.column) : 1;

  // Long lines are cut to a window around the column, marked with "…".
  let start = 0;
  if (text.length > SNIPPET_WIDTH && d.column > SNIPPET_WIDTH / 2) {
    start = Math.min(d.column - SNIPPET_WIDTH / 2, text.length - SNIPPET_WIDTH);
  }
  const cut = text.slice(start, start + SNIPPET_WIDTH);
  const shown = (start > 0 ? '…' : '') + cut +
    (start + SNIPPET_WIDTH < text.length ? '…' : '');
  const offset = d.column - 1 - start + (start > 0 ? 1 : 0);
  const carets = '^'.repeat(Math.max(1, Math.min(width, cut.length - offset)));

  const gutter = String(d.line);
  return [
    `  ${gutter} | ${shown}`,
    `  ${' '.repeat(gutter.length)} | ${' '.repeat(offset)}${carets}`,
  ];
}

/** Control characters would garble the terminal: one visible char each. */
function visible(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) =>
    c === '\t' ? ' ' : '\ufffd',
  );
}

/** One GitHub workflow command, e.g. `::error file=F,line=3,...::msg`. */
export function formatGithub(d: Diagnostic): string {
  const props = [`file=${escapeProperty(d.file)}`];
  if (d.line > 0) {
    props.push(`line=${d.line}`, `col=${d.column}`);
    if (d.endLine !== undefined) props.push(`endLine=${d.endLine}`);
    if (d.endLine === d.line && d.endColumn !== undefined) {
      props.push(`endColumn=${d.endColumn}`);
    }
  }
  props.push(`title=${escapeProperty(d.code)}`);

  let message = d.message;
  if (d.path) message += ` (at ${d.path})`;
  if (d.expected !== undefined) message += `; expected ${d.expected}`;
  if (d.found !== undefined) message += `; found ${d.found}`;
  if (d.hint) message += `. Hint: ${d.hint}`;
  return `::${d.severity} ${props.join(',')}::${escapeData(message)}`;
}

// The escapes GitHub's runner reverses for workflow commands.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** "No problem": one shared empty list, so hot rules allocate nothing. */
export const NONE: readonly Diagnostic[] = Object.freeze([]);
