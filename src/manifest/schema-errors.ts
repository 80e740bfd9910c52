/**
 * ajv errors in human words, at the YAML node they concern. Each ajv
 * keyword the schema uses has one translator; raw ajv messages are never
 * shown.
 */
import type { Document } from 'yaml';
import type { ErrorObject } from 'ajv';
import { type Code } from './codes.js';
import { diagnostic, type DiagnosticExtra } from './diagnostics.js';
import { didYouMean, KEY_SYNONYMS } from './did-you-mean.js';
import type { Span } from './model.js';
import {
  manifestPath,
  nodeAt,
  pointerSegments,
  type Positions,
} from './positions.js';
import { CREDENTIALS_HINT, isSecretKey } from './secrets.js';
import type { Diagnostic } from './types.js';

/** Where a document's schema errors are reported. */
export interface SchemaErrorContext {
  file: string;
  doc: Document.Parsed;
  positions: Positions;
  /** Prefix of manifest paths, e.g. `[1]` for the second document. */
  docPrefix: string;
}

/** Translate the errors of one document. */
export function translateSchemaErrors(
  errors: readonly ErrorObject[],
  ctx: SchemaErrorContext,
): Diagnostic[] {
  return errors.map((e) => translate(e, ctx));
}

function translate(e: ErrorObject, ctx: SchemaErrorContext): Diagnostic {
  const segments = pointerSegments(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownKey(e, segments, ctx);
    case 'required':
      return missingKey(e, segments, ctx);
    case 'type':
      return wrongType(e, segments, ctx);
    case 'enum':
      return notAllowed(e, segments, ctx);
    case 'pattern':
      return badRegion(e, segments, ctx);
    case 'minLength':
      return report('INVALID_VALUE', ctx, segments, 'value',
        `${keyOf(segments)} must not be empty`, { found: 'empty text' });
    default:
      return report('INVALID_VALUE', ctx, segments, 'value',
        `${keyOf(segments)} does not fit the manifest language`, {
          hint: `see docs/manifests.md (schema rule "${e.keyword}")`,
        });
  }
}

/** Build a diagnostic located at the key or the value of `segments`. */
function report(
  code: Code,
  ctx: SchemaErrorContext,
  segments: string[],
  spot: 'key' | 'value',
  message: string,
  extra: DiagnosticExtra = {},
): Diagnostic {
  const at = locate(ctx, segments, spot);
  const path = ctx.docPrefix + manifestPath(segments);
  return diagnostic(code, ctx.file, at, message, { path, ...extra });
}

function locate(
  ctx: SchemaErrorContext,
  segments: string[],
  spot: 'key' | 'value',
): Span | undefined {
  const found = nodeAt(ctx.doc, segments);
  const key = ctx.positions.ofNode(found.key);
  const value = ctx.positions.ofNode(found.node);
  // An empty value (`name:` and nothing) has no width: show its key.
  const valueUsable = value && (value[0] !== value[2] || value[1] !== value[3]);
  if (spot === 'key') return key ?? value ?? ctx.positions.ofNode(found.parent);
  return (valueUsable ? value : undefined) ?? key ?? value ??
    ctx.positions.ofNode(found.parent);
}

function unknownKey(
  e: ErrorObject,
  segments: string[],
  ctx: SchemaErrorContext,
): Diagnostic {
  const key = String((e.params as { additionalProperty: string })
    .additionalProperty);
  const where = [...segments, key];
  if (isSecretKey(key)) {
    // The value is never read into the message: it may be a live secret.
    return report('SECRET_IN_MANIFEST', ctx, where, 'key',
      `"${key}" looks like a credential; credentials never belong in ` +
        'manifests', { found: `the key "${key}" (value not shown)`,
        hint: CREDENTIALS_HINT });
  }

  const allowed = allowedKeys(e);
  const guess = didYouMean(key, allowed, KEY_SYNONYMS);
  return report('UNKNOWN_KEY', ctx, where, 'key',
    `unknown key "${key}" in ${context(segments)}`, {
      expected: `one of ${allowed.join(', ')}`,
      found: `"${key}"`,
      hint: guess ? `did you mean "${guess}"?` : undefined,
    });
}

function allowedKeys(e: ErrorObject): string[] {
  const parent = e.parentSchema as { properties?: object } | undefined;
  return Object.keys(parent?.properties ?? {});
}

function missingKey(
  e: ErrorObject,
  segments: string[],
  ctx: SchemaErrorContext,
): Diagnostic {
  const key = String((e.params as { missingProperty: string })
    .missingProperty);
  const diag = report('MISSING_KEY', ctx, segments, 'value',
    `${context(segments)} needs the key "${key}"`, {
      expected: `a "${key}" key`,
      found: 'none',
      hint: MISSING_HINTS[key],
    });
  diag.path = ctx.docPrefix + manifestPath([...segments, key]);
  return diag;
}

const MISSING_HINTS: Record<string, string> = {
  projectId: 'the workspace ID is in the DataWorks console, e.g. 10001',
  exports: 'list the export tasks, or `exports: []` for none yet',
  name: 'every task needs a name, unique in its workspace',
};

function wrongType(
  e: ErrorObject,
  segments: string[],
  ctx: SchemaErrorContext,
): Diagnostic {
  const types = ([] as string[]).concat(
    (e.params as { type: string | string[] }).type,
  );
  const expected = types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
  const found = describeValue(e.data);
  const quote = types.includes('string') && isScalar(e.data);
  return report('WRONG_TYPE', ctx, segments, 'value',
    `${keyOf(segments)} must be ${expected}, not ${found}`, {
      expected,
      found,
      hint: quote
        ? `put the value in quotes to make it text: "${String(e.data)}"`
        : undefined,
    });
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  array: 'a list',
  object: 'a mapping of keys',
  boolean: 'true or false',
};

function isScalar(value: unknown): boolean {
  return value === null ||
    ['number', 'boolean', 'bigint'].includes(typeof value);
}

/** A value in words; long text is cut so a report line stays short. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return `${value} (true/false)`;
  if (typeof value === 'number') return `the number ${value}`;
  const text = String(value);
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `"${cut}"`;
}

function notAllowed(
  e: ErrorObject,
  segments: string[],
  ctx: SchemaErrorContext,
): Diagnostic {
  const allowed = (e.params as { allowedValues: unknown[] }).allowedValues
    .map(String);
  const found = describeValue(e.data);
  const guess = typeof e.data === 'string'
    ? didYouMean(e.data, allowed)
    : undefined;
  return report('INVALID_VALUE', ctx, segments, 'value',
    `${keyOf(segments)} must be one of ${allowed.join(', ')}`, {
      expected: `one of ${allowed.join(', ')}`,
      found,
      hint: guess ? `did you mean "${guess}"? (values are case-sensitive)`
        : undefined,
    });
}

function badRegion(
  e: ErrorObject,
  segments: string[],
  ctx: SchemaErrorContext,
): Diagnostic {
  return report('INVALID_VALUE', ctx, segments, 'value',
    `${keyOf(segments)} is not an Alibaba Cloud region ID`, {
      expected: 'a region ID such as cn-hangzhou or cn-shanghai',
      found: describeValue(e.data),
      hint: 'region IDs are lower case: letters, digits and dashes',
    });
}

/** `"exportMode"` for the last key of a path, `this item` for an index. */
function keyOf(segments: readonly string[]): string {
  const last = segments[segments.length - 1];
  if (last === undefined) return 'the document';
  return /^\d+$/.test(last) ? 'this list item' : `"${last}"`;
}

/** What kind of mapping a path points into, in words. */
function context(segments: readonly string[]): string {
  const tail = segments.filter((s) => !/^\d+$/.test(s));
  const last = tail[tail.length - 1];
  if (last === undefined) return 'the document';
  if (last === 'exports') return 'a task';
  if (last === 'workspaces') return 'a workspace';
  if (last === 'defaults') {
    return tail.length === 1 ? 'the document defaults' : 'workspace defaults';
  }
  return `"${last}"`;
}
