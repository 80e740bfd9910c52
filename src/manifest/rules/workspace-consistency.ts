/**
 * One projectId, one workspace: its entries in different documents and
 * files must agree on the region (an error) and the label (a warning).
 */
import { diagnostic } from '../diagnostics.js';
import type { LoadedFile, WorkspaceDecl } from '../model.js';
import type { Diagnostic } from '../types.js';

interface Seen {
  file: string;
  ws: WorkspaceDecl;
}

/** The first entry of each projectId with a region (or a label). */
function firstWith(
  files: readonly LoadedFile[],
  has: (ws: WorkspaceDecl) => boolean,
  visit: (entry: Seen, first: Seen) => void,
): void {
  const first = new Map<string, Seen>();
  for (const { file, workspaces } of files) {
    for (const ws of workspaces) {
      if (!has(ws)) continue;
      const earlier = first.get(ws.projectId.value);
      if (earlier) visit({ file, ws }, earlier);
      else first.set(ws.projectId.value, { file, ws });
    }
  }
}

/** REGION_CONFLICT: the same projectId declared in two regions. */
export function regionConflict(files: readonly LoadedFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  firstWith(files, (ws) => ws.region !== undefined, (entry, first) => {
    const a = first.ws.region;
    const b = entry.ws.region;
    if (!a || !b || a.value === b.value) return;
    out.push(diagnostic('REGION_CONFLICT', entry.file, b.at,
      `workspace ${entry.ws.projectId.value} is declared in ${a.value} ` +
        `at ${first.file}:${a.at[0]}:${a.at[1]} and in ${b.value} here`, {
        path: b.path,
        expected: `"${a.value}", as first declared`,
        found: `"${b.value}"`,
        related: [{ file: first.file, line: a.at[0], column: a.at[1] }],
        hint: 'a workspace lives in one region: fix the projectId or region',
      }));
  });
  return out;
}

/** LABEL_CONFLICT: the same projectId with two labels; the first wins. */
export function labelConflict(files: readonly LoadedFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  firstWith(files, (ws) => ws.label !== undefined, (entry, first) => {
    if (entry.ws.label === first.ws.label) return;
    // Point at the labels themselves: they are what disagrees.
    const at = entry.ws.labelAt ?? entry.ws.projectId.at;
    const firstAt = first.ws.labelAt ?? first.ws.projectId.at;
    out.push(diagnostic('LABEL_CONFLICT', entry.file, at,
      `workspace ${entry.ws.projectId.value} is labelled ` +
        `"${first.ws.label ?? ''}" elsewhere and "${entry.ws.label ?? ''}" ` +
        'here; the first label is used', {
        path: `${entry.ws.path}.label`,
        related: [{
          file: first.file,
          line: firstAt[0],
          column: firstAt[1],
        }],
        hint: 'use one label, or leave it out of all but one entry',
      }));
  });
  return out;
}

/** WORKSPACE_WITHOUT_TASKS: every entry of a projectId lists no task. */
export function workspaceWithoutTasks(
  files: readonly LoadedFile[],
): Diagnostic[] {
  const counts = new Map<string, { count: number; first: Seen }>();
  for (const { file, workspaces } of files) {
    for (const ws of workspaces) {
      const entry = counts.get(ws.projectId.value) ??
        { count: 0, first: { file, ws } };
      // A task dropped for a schema error still counts, and broken exports
      // count as one: their error is reported already.
      entry.count += ws.exportsTainted ? 1 : ws.declaredTasks;
      counts.set(ws.projectId.value, entry);
    }
  }

  const out: Diagnostic[] = [];
  for (const [projectId, { count, first }] of counts) {
    if (count > 0) continue;
    out.push(diagnostic('WORKSPACE_WITHOUT_TASKS', first.file,
      first.ws.projectId.at, `workspace ${projectId} has no export task`, {
        path: `${first.ws.path}.exports`,
        hint: 'add tasks under exports, or remove the workspace',
      }));
  }
  return out;
}
