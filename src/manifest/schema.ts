/**
 * The JSON Schema of a manifest document, read from
 * schemas/manifest.schema.json (the file editors use too) and compiled once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv2020Module, {
  type ErrorObject,
  type ValidateFunction,
} from 'ajv/dist/2020.js';

// ajv is CommonJS: under NodeNext its class sits on the default export.
const Ajv2020 = Ajv2020Module.default;

/** Where the schema lives, relative to this module in dist/src/manifest. */
export const SCHEMA_URL = new URL(
  '../../../schemas/manifest.schema.json',
  import.meta.url,
);

interface CompiledSchema {
  validate: ValidateFunction;
  /** SHA-256 of the schema text: part of the cache key. */
  sha256: string;
}

let compiled: CompiledSchema | undefined;
let source: string | undefined;

/** The text of the schema file, read once. */
export function schemaSource(): string {
  source ??= readFileSync(SCHEMA_URL, 'utf8');
  return source;
}

/** The compiled schema; reads and compiles it on first use only. */
export function manifestSchema(): CompiledSchema {
  if (compiled) return compiled;
  const text = schemaSource();
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    verbose: true,
  });
  compiled = {
    validate: ajv.compile(JSON.parse(text) as object),
    sha256: createHash('sha256').update(text).digest('hex'),
  };
  return compiled;
}

/** Schema errors of one document's value; empty when it fits. */
export function schemaErrors(value: unknown): ErrorObject[] {
  const { validate } = manifestSchema();
  if (validate(value)) return [];
  return [...(validate.errors ?? [])];
}
