/**
 * What the manifest stage hands to the rest of the pipeline: validated,
 * normalised export tasks, each with the place it was declared.
 */

export type ExportMode = 'FULL' | 'INCREMENTAL';
export type ObjectStatus = 'SAVED' | 'SUBMITTED' | 'DEPLOYED';

/** A place in a manifest file; line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One export task, ready to be sent; defaults already applied. */
export interface ExportTask {
  /** DataWorks ProjectId as a decimal string, exact beyond 2^53. */
  projectId: string;
  region: string;
  /** Optional human label of the workspace. */
  workspace?: string;
  name: string;
  exportMode: ExportMode;
  /** Epoch milliseconds; only with INCREMENTAL. */
  incrementalSince?: number;
  exportObjectStatus?: ObjectStatus;
  description?: string;
  source: SourceLocation;
}

/** One workspace and the tasks declared for it, across all files. */
export interface Workspace {
  projectId: string;
  region: string;
  label?: string;
  tasks: ExportTask[];
}

export type Severity = 'error' | 'warning';

/** One problem found in a manifest. */
export interface Diagnostic {
  /** Stable code, e.g. `DUPLICATE_NAME`. */
  code: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  /** Manifest path of the value, e.g. `workspaces[2].exports[0].name`. */
  path: string;
  message: string;
  expected?: string;
  found?: string;
  /** "did you mean" and other next steps. */
  hint?: string;
  /** Other places involved, e.g. the first declaration of a duplicate. */
  related?: SourceLocation[];
  /** End of the flagged span (1-based, end column exclusive), if known. */
  endLine?: number;
  endColumn?: number;
  /** The source line at `line`, for display under the message. */
  snippet?: string;
}

/** A manifest file that was read, for the audit trail. */
export interface ManifestFile {
  path: string;
  sha256: string;
}

/** Result of loading: usable manifests or problems, never half of each. */
export type LoadResult =
  | {
      ok: true;
      files: ManifestFile[];
      workspaces: Workspace[];
      tasks: ExportTask[];
      /** Warnings only; errors make the result not ok. */
      diagnostics: Diagnostic[];
    }
  | { ok: false; files: ManifestFile[]; diagnostics: Diagnostic[] };
