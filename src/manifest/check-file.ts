/**
 * Everything that can be said about one file on its own: YAML problems,
 * schema errors, declarations with defaults applied, and the per-entry
 * rules. The result depends on the text alone, so it can be cached.
 */
import type { ErrorObject } from 'ajv';
import { diagnostic } from './diagnostics.js';
import type { FileOutcome } from './model.js';
import { normaliseDocument } from './normalise.js';
import { parseManifest, type ParsedDocument } from './parse.js';
import type { Positions } from './positions.js';
import { checkDeclarations } from './rules/index.js';
import { yaml11Ambiguities } from './rules/yaml11.js';
import { describeValue, translateSchemaErrors } from './schema-errors.js';
import { schemaErrors } from './schema.js';

/** Check the text of `file`. */
export function checkFile(text: string, file: string): FileOutcome {
  const parsed = parseManifest(text, file);
  const outcome: FileOutcome = {
    diagnostics: [...parsed.diagnostics],
    workspaces: [],
  };
  const many = parsed.documents.length > 1;
  parsed.documents.forEach((document, index) => {
    const docPrefix = many && index > 0 ? `(document ${index + 1}) ` : '';
    checkDocument(document, file, parsed.positions, docPrefix, outcome);
  });

  outcome.diagnostics.push(...checkDeclarations(outcome.workspaces, file));
  outcome.diagnostics.push(...emptiness(parsed.documents, outcome, file));
  return outcome;
}

function checkDocument(
  document: ParsedDocument,
  file: string,
  positions: Positions,
  docPrefix: string,
  outcome: FileOutcome,
): void {
  const { doc, value } = document;
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    outcome.diagnostics.push(diagnostic('DOCUMENT_NOT_MAPPING', file,
      positions.ofNode(doc.contents), 'a manifest document must be a ' +
        'mapping with the keys defaults and workspaces', {
        path: docPrefix.trim(),
        expected: 'a mapping (key: value lines)',
        found: describeValue(value),
        hint: 'start the document with `workspaces:`',
      }));
    return;
  }

  const errors = schemaErrors(value);
  const ctx = { file, doc, positions, docPrefix };
  outcome.diagnostics.push(...translateSchemaErrors(errors, ctx));
  outcome.diagnostics.push(...yaml11Ambiguities(ctx));

  const normalised = normaliseDocument({
    ...ctx,
    value: value as Record<string, unknown>,
    errorPointers: errors.map(errorPointer),
    taintAll: document.duplicateKeys,
  });
  outcome.diagnostics.push(...normalised.diagnostics);
  outcome.workspaces.push(...normalised.workspaces);
}

/** Where an error sits; for missing or unknown keys, the key itself. */
function errorPointer(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  const key = e.keyword === 'required' ? params['missingProperty']
    : e.keyword === 'additionalProperties' ? params['additionalProperty']
    : undefined;
  if (typeof key !== 'string') return e.instancePath;
  return `${e.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** EMPTY_FILE and NO_WORKSPACES, said only of files without errors. */
function emptiness(
  documents: readonly ParsedDocument[],
  outcome: FileOutcome,
  file: string,
) {
  if (outcome.diagnostics.some((d) => d.severity === 'error')) return [];
  if (documents.every((d) => d.empty)) {
    return [diagnostic('EMPTY_FILE', file, undefined,
      'the file holds no YAML document, only comments or nothing', {
        hint: 'add workspaces, or delete the file',
      })];
  }
  if (outcome.workspaces.length === 0) {
    return [diagnostic('NO_WORKSPACES', file, undefined,
      'the file declares no workspace, so it creates no task', {
        hint: 'add a `workspaces:` list, or delete the file',
      })];
  }
  return [];
}
