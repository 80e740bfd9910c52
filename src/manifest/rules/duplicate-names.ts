/** DUPLICATE_NAME across all files: names are unique per projectId. */
import { diagnostic } from '../diagnostics.js';
import type { LoadedFile, Written } from '../model.js';
import type { Diagnostic } from '../types.js';

interface First {
  file: string;
  name: Written<string>;
}

/**
 * Every repeat of a task name inside one workspace, each pointing at the
 * first declaration. DataWorks does not promise to refuse duplicates, so
 * this check is the only guard.
 */
export function duplicateNames(files: readonly LoadedFile[]): Diagnostic[] {
  const byWorkspace = new Map<string, Map<string, First>>();
  const out: Diagnostic[] = [];

  for (const { file, workspaces } of files) {
    for (const ws of workspaces) {
      let first = byWorkspace.get(ws.projectId.value);
      if (!first) {
        first = new Map();
        byWorkspace.set(ws.projectId.value, first);
      }
      for (const task of ws.tasks) {
        const earlier = first.get(task.name.value);
        if (!earlier) {
          first.set(task.name.value, { file, name: task.name });
          continue;
        }
        const [line, column] = earlier.name.at;
        out.push(diagnostic('DUPLICATE_NAME', file, task.name.at,
          `task name "${task.name.value}" is used twice in workspace ` +
            `${ws.projectId.value}; first at ${earlier.file}:${line}:${column}`,
          {
            path: task.name.path,
            expected: 'a name unique in the workspace, across all manifests',
            found: `a second "${task.name.value}"`,
            related: [{ file: earlier.file, line, column }],
            hint: 'rename one of the two tasks',
          }));
      }
    }
  }
  return out;
}
