/**
 * From the declarations of all files to the stage's output: one Workspace
 * per projectId in order of first appearance, its tasks in file order.
 * Called only when no error was found, so every field is present.
 */
import type { LoadedFile, TaskDecl, WorkspaceDecl } from './model.js';
import type { ExportTask, Workspace } from './types.js';

/** Merge every file's entries into workspaces and tasks. */
export function assemble(files: readonly LoadedFile[]): {
  workspaces: Workspace[];
  tasks: ExportTask[];
} {
  const byId = new Map<string, Workspace>();
  const tasks: ExportTask[] = [];
  for (const { file, workspaces } of files) {
    for (const decl of workspaces) {
      const ws = workspaceFor(byId, decl);
      for (const task of decl.tasks) {
        const exportTask = toExportTask(task, ws, file);
        ws.tasks.push(exportTask);
        tasks.push(exportTask);
      }
    }
  }
  return { workspaces: [...byId.values()], tasks };
}

function workspaceFor(
  byId: Map<string, Workspace>,
  decl: WorkspaceDecl,
): Workspace {
  const id = decl.projectId.value;
  let ws = byId.get(id);
  if (!ws) {
    ws = { projectId: id, region: decl.region?.value ?? '', tasks: [] };
    byId.set(id, ws);
  }
  // Entries without a region of their own got one from defaults or failed.
  if (!ws.region && decl.region) ws.region = decl.region.value;
  if (ws.label === undefined && decl.label !== undefined) {
    ws.label = decl.label;
  }
  return ws;
}

function toExportTask(task: TaskDecl, ws: Workspace, file: string): ExportTask {
  const mode = task.exportMode?.value ?? 'FULL';
  const out: ExportTask = {
    projectId: ws.projectId,
    region: ws.region,
    name: task.name.value,
    exportMode: mode,
    source: { file, line: task.at[0], column: task.at[1] },
  };
  if (ws.label !== undefined) out.workspace = ws.label;
  // The service reads IncrementalSince only with INCREMENTAL.
  if (mode === 'INCREMENTAL' && task.incrementalSince) {
    out.incrementalSince = task.incrementalSince.value;
  }
  if (task.exportObjectStatus) out.exportObjectStatus = task.exportObjectStatus;
  if (task.description !== undefined) out.description = task.description;
  return out;
}
