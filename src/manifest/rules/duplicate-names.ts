/** DUPLICATE_NAME across all files: names are unique per projectId. */
import { diagnostic } from '../diagnostics.js';
import type { LoadedFile, Written } from '../model.js';
import type { Diagnostic } from '../types.js';

interface Use {
  file: string;
  name: Written<string>;
}

/**
 * Every repeat of a task name inside one workspace, each pointing at the
 * first declaration. DataWorks does not promise to refuse duplicates, so
 * this check is the only guard.
 */
export function duplicateNames(files: readonly LoadedFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [projectId, names] of usesByName(files)) {
    for (const uses of names.values()) {
      const [first, ...repeats] = uses;
      if (!first) continue;
      for (const use of repeats) {
        out.push(repeated(use, first, uses.length, projectId));
      }
    }
  }
  return out;
}

/** Every use of each task name, by projectId then name, in file order. */
function usesByName(
  files: readonly LoadedFile[],
): Map<string, Map<string, Use[]>> {
  const byWorkspace = new Map<string, Map<string, Use[]>>();
  for (const { file, workspaces } of files) {
    for (const ws of workspaces) {
      const names = byWorkspace.get(ws.projectId.value) ?? new Map();
      byWorkspace.set(ws.projectId.value, names);
      for (const task of ws.tasks) {
        const uses = names.get(task.name.value) ?? [];
        uses.push({ file, name: task.name });
        names.set(task.name.value, uses);
      }
    }
  }
  return byWorkspace;
}

/** The diagnostic for one repeat; the count is of all uses of the name. */
function repeated(
  use: Use,
  first: Use,
  count: number,
  projectId: string,
): Diagnostic {
  const name = use.name.value;
  const [line, column] = first.name.at;
  const times = count === 2 ? 'twice' : `${count} times`;
  return diagnostic('DUPLICATE_NAME', use.file, use.name.at,
    `task name "${name}" is used ${times} in workspace ${projectId}; ` +
      `first at ${first.file}:${line}:${column}`,
    {
      path: use.name.path,
      expected: 'a name unique in the workspace, across all manifests',
      found: `another "${name}"`,
      related: [{ file: first.file, line, column }],
      hint: count === 2
        ? 'rename one of the two tasks'
        : `rename all but one of the ${count} tasks`,
    });
}
