/** Rules on a task's fields once defaults are applied. */
import { diagnostic, NONE } from '../diagnostics.js';
import type { TaskDecl } from '../model.js';
import type { Diagnostic } from '../types.js';

/** Where an inherited value was written, for hints. */
function inherited(task: TaskDecl, path: string): string {
  return path.startsWith(`${task.path}.`) ? '' : ` (set at ${path})`;
}

/** MISSING_EXPORT_MODE: a task needs FULL or INCREMENTAL from somewhere. */
export function missingExportMode(
  task: TaskDecl,
  file: string,
): readonly Diagnostic[] {
  if (task.exportMode || task.tainted) return NONE;
  return [
    diagnostic('MISSING_EXPORT_MODE', file, task.name.at,
      `task "${task.name.value}" has no exportMode`, {
        path: `${task.path}.exportMode`,
        expected: 'FULL or INCREMENTAL',
        found: 'none in the task, the workspace defaults or the defaults',
        hint: 'add `exportMode: FULL` to the task or to a defaults block',
      }),
  ];
}

/** SINCE_REQUIRED: INCREMENTAL needs a start time. */
export function sinceRequired(
  task: TaskDecl,
  file: string,
): readonly Diagnostic[] {
  const mode = task.exportMode;
  if (task.tainted || mode?.value !== 'INCREMENTAL') return NONE;
  if (task.incrementalSince) return NONE;
  return [
    diagnostic('SINCE_REQUIRED', file, task.name.at,
      `task "${task.name.value}" is INCREMENTAL` +
        `${inherited(task, mode.path)} but has no incrementalSince`, {
        path: `${task.path}.incrementalSince`,
        expected: 'incrementalSince: epoch ms or RFC 3339 with an offset',
        found: 'none in the task or any defaults',
        hint: 'add e.g. `incrementalSince: 2025-01-01T00:00:00+08:00`, ' +
          'or use exportMode: FULL',
      }),
  ];
}

/**
 * SINCE_IGNORED: a FULL task that sets incrementalSince itself. A since
 * inherited from defaults is meant for the INCREMENTAL tasks: no warning.
 */
export function sinceIgnored(
  task: TaskDecl,
  file: string,
): readonly Diagnostic[] {
  const since = task.incrementalSince;
  if (task.tainted || task.exportMode?.value !== 'FULL' || !since) return NONE;
  if (!since.path.startsWith(`${task.path}.`)) return NONE;
  return [
    diagnostic('SINCE_IGNORED', file, since.at,
      `task "${task.name.value}" is FULL, so the service ignores its ` +
        'incrementalSince', {
        path: since.path,
        hint: 'remove incrementalSince, or set exportMode: INCREMENTAL',
      }),
  ];
}
