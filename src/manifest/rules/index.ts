/**
 * The rules beyond the schema, as tables. A per-entry rule sees one
 * workspace entry or task of one file, and its result is cached with the
 * file; a cross-file rule sees every file and runs on every load.
 */
import type { LoadedFile, TaskDecl, WorkspaceDecl } from '../model.js';
import type { Diagnostic } from '../types.js';
import { duplicateNames } from './duplicate-names.js';
import { nameControlChar, nameTooLong, nameWhitespace } from './name-shape.js';
import { projectIdFormat, projectIdRange } from './project-id.js';
import { missingRegion, unknownRegion } from './region.js';
import { sinceRange } from './since-range.js';
import {
  missingExportMode,
  sinceIgnored,
  sinceRequired,
} from './task-fields.js';
import {
  labelConflict,
  regionConflict,
  workspaceWithoutTasks,
} from './workspace-consistency.js';

type WorkspaceRule = (
  ws: WorkspaceDecl,
  file: string,
) => readonly Diagnostic[];
type TaskRule = (task: TaskDecl, file: string) => readonly Diagnostic[];
type CrossFileRule = (
  files: readonly LoadedFile[],
  now: number,
) => Diagnostic[];

/** Rules on one workspace entry. */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = [
  projectIdFormat,
  projectIdRange,
  missingRegion,
  unknownRegion,
];

/** Rules on one task, defaults applied. */
export const TASK_RULES: readonly TaskRule[] = [
  nameWhitespace,
  nameControlChar,
  nameTooLong,
  missingExportMode,
  sinceRequired,
  sinceIgnored,
];

/** Rules across all files, or depending on the clock. */
export const CROSS_FILE_RULES: readonly CrossFileRule[] = [
  duplicateNames,
  regionConflict,
  labelConflict,
  workspaceWithoutTasks,
  sinceRange,
];

/** Run the per-entry rules on the declarations of one file. */
export function checkDeclarations(
  workspaces: readonly WorkspaceDecl[],
  file: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ws of workspaces) {
    for (const rule of WORKSPACE_RULES) out.push(...rule(ws, file));
    for (const task of ws.tasks) {
      for (const rule of TASK_RULES) {
        const found = rule(task, file);
        if (found.length > 0) out.push(...found);
      }
    }
  }
  return out;
}

/** Run the cross-file rules. */
export function checkAcrossFiles(
  files: readonly LoadedFile[],
  now: number,
): Diagnostic[] {
  return CROSS_FILE_RULES.flatMap((rule) => rule(files, now));
}
