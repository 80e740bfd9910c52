/**
 * The table of diagnostic codes. Codes are stable: tools match on them, so a
 * code is never renamed or reused; a new problem gets a new code.
 */
import type { Severity } from './types.js';

interface CodeInfo {
  severity: Severity;
  /** What the code means, as listed in docs/manifests.md. */
  meaning: string;
}

/** Every code the manifest stage emits, with its severity. */
export const CODES = {
  PATH_NOT_FOUND: { severity: 'error', meaning: 'a path given does not exist' },
  NO_MANIFESTS: {
    severity: 'error',
    meaning: 'a folder holds no *.yaml or *.yml file',
  },
  FILE_UNREADABLE: {
    severity: 'error',
    meaning: 'a file cannot be read (permissions, I/O error)',
  },
  NOT_UTF8: { severity: 'error', meaning: 'a file is not valid UTF-8 text' },
  EMPTY_FILE: { severity: 'warning', meaning: 'a file holds no document' },
  NO_WORKSPACES: {
    severity: 'warning',
    meaning: 'a file declares no workspace',
  },
  YAML_SYNTAX: { severity: 'error', meaning: 'the text is not valid YAML' },
  YAML_WARNING: {
    severity: 'warning',
    meaning: 'YAML that parses but is suspicious (e.g. an unknown tag)',
  },
  DUPLICATE_KEY: {
    severity: 'error',
    meaning: 'the same key twice in one mapping',
  },
  TAB_INDENT: {
    severity: 'error',
    meaning: 'a tab used for indentation (YAML allows spaces only)',
  },
  ALIAS_LIMIT: {
    severity: 'error',
    meaning: 'too many alias expansions (protection against alias bombs)',
  },
  UNKNOWN_ALIAS: {
    severity: 'error',
    meaning: 'an alias `*name` with no anchor `&name` before it',
  },
  DOCUMENT_NOT_MAPPING: {
    severity: 'error',
    meaning: 'a YAML document is not a mapping of keys',
  },
  YAML11_AMBIGUOUS: {
    severity: 'warning',
    meaning: 'an unquoted value that YAML 1.1 tools read differently',
  },
  UNKNOWN_KEY: {
    severity: 'error',
    meaning: 'a key the manifest language lacks',
  },
  SECRET_IN_MANIFEST: {
    severity: 'error',
    meaning: 'a credential-like key; credentials never go in manifests',
  },
  MISSING_KEY: { severity: 'error', meaning: 'a required key is absent' },
  WRONG_TYPE: {
    severity: 'error',
    meaning: 'a value of the wrong type (text, number, list, mapping)',
  },
  INVALID_VALUE: {
    severity: 'error',
    meaning: 'a value outside the allowed set or form',
  },
  PROJECT_ID_FORMAT: {
    severity: 'error',
    meaning: 'a projectId that is not plain decimal digits',
  },
  PROJECT_ID_RANGE: {
    severity: 'error',
    meaning: 'a projectId beyond the 64-bit range DataWorks accepts',
  },
  MISSING_REGION: {
    severity: 'error',
    meaning: 'a workspace with no region, neither its own nor a default',
  },
  UNKNOWN_REGION: {
    severity: 'warning',
    meaning: 'a region DataWorks is not known to serve',
  },
  REGION_CONFLICT: {
    severity: 'error',
    meaning: 'one projectId declared with two regions',
  },
  LABEL_CONFLICT: {
    severity: 'warning',
    meaning: 'one projectId declared with two labels',
  },
  MISSING_EXPORT_MODE: {
    severity: 'error',
    meaning: 'a task with no exportMode, neither its own nor a default',
  },
  DUPLICATE_NAME: {
    severity: 'error',
    meaning: 'two tasks with one name in one workspace',
  },
  NAME_WHITESPACE: {
    severity: 'error',
    meaning: 'a name that starts or ends with white space',
  },
  NAME_CONTROL_CHAR: {
    severity: 'error',
    meaning: 'a name holding a control or invisible character',
  },
  NAME_TOO_LONG: { severity: 'error', meaning: 'a name over 128 characters' },
  SINCE_REQUIRED: {
    severity: 'error',
    meaning: 'an INCREMENTAL task with no incrementalSince',
  },
  SINCE_IGNORED: {
    severity: 'warning',
    meaning: 'incrementalSince on a FULL task (the service ignores it)',
  },
  SINCE_INVALID: {
    severity: 'error',
    meaning: 'an incrementalSince that is not epoch ms or RFC 3339',
  },
  SINCE_IMPOSSIBLE_DATE: {
    severity: 'error',
    meaning: 'a date or time that does not exist (2025-02-30, 25:00)',
  },
  SINCE_IN_FUTURE: {
    severity: 'error',
    meaning: 'an incrementalSince later than now',
  },
  SINCE_TOO_EARLY: {
    severity: 'error',
    meaning: 'an incrementalSince before 2009-01-01',
  },
  WORKSPACE_WITHOUT_TASKS: {
    severity: 'warning',
    meaning: 'a workspace whose exports are empty in every file',
  },
  INTERNAL_ERROR: {
    severity: 'error',
    meaning: 'a bug in dwmigrate while checking a file (please report)',
  },
} as const satisfies Record<string, CodeInfo>;

/** One of the stable diagnostic codes. */
export type Code = keyof typeof CODES;
