/**
 * The manifest stage's own intermediate model: what one file declares, with
 * positions, before files are merged. It is what the cache stores, so it
 * holds only plain JSON values.
 */
import type { Diagnostic, ExportMode, ObjectStatus } from './types.js';

/** A span in one file: 1-based line and column, end column exclusive. */
export type Span = [
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
];

/** A value written somewhere in a manifest, with where it was written. */
export interface Written<T> {
  value: T;
  at: Span;
  /** Manifest path, e.g. `workspaces[0].defaults.exportMode`. */
  path: string;
}

/** One task as declared, defaults applied, still tied to its file. */
export interface TaskDecl {
  name: Written<string>;
  /** The task's own mapping. */
  at: Span;
  path: string;
  exportMode?: Written<ExportMode>;
  /** Epoch milliseconds; absent when missing or unreadable. */
  incrementalSince?: Written<number>;
  exportObjectStatus?: ObjectStatus;
  description?: string;
  /**
   * True when a schema error sits inside the task or its defaults: rules
   * that read its fields skip it, so one mistake yields one diagnostic.
   */
  tainted?: boolean;
}

/** One `workspaces[i]` entry of one document. */
export interface WorkspaceDecl {
  projectId: Written<string>;
  region?: Written<string>;
  label?: string;
  /** Where the label's value is written, for LABEL_CONFLICT. */
  labelAt?: Span;
  path: string;
  tasks: TaskDecl[];
  /** Items of `exports` as written, including those dropped for errors. */
  declaredTasks: number;
  /** A schema error sits on the region: region rules skip the entry. */
  regionTainted?: boolean;
  /** A schema error sits on `exports`: its task count means nothing. */
  exportsTainted?: boolean;
}

/** All that one file contributes; the unit the cache stores. */
export interface FileOutcome {
  /** Problems found in this file alone, independent of time and peers. */
  diagnostics: Diagnostic[];
  workspaces: WorkspaceDecl[];
}

/** A file's outcome together with its name, for the cross-file rules. */
export interface LoadedFile extends FileOutcome {
  file: string;
}
