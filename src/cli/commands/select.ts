/**
 * `--workspace` and `--name`: run on a subset of the manifests. A
 * workspace is picked by ProjectId or label; names match shell-style
 * globs (`sales_*`, `export_202[45]*`).
 */
import picomatch from 'picomatch';
import { UsageError } from '../../errors.js';
import type { Workspace } from '../../manifest/types.js';

export const SELECT_OPTIONS = {
  workspace: { type: 'string', multiple: true },
  name: { type: 'string', multiple: true },
} as const;

export const SELECT_HELP = `\
  --workspace ID|LABEL    only this workspace (repeatable)
  --name GLOB             only tasks whose name matches (repeatable)`;

interface Selection {
  workspace?: string[];
  name?: string[];
}

/** The workspaces and tasks selected; throws when nothing matches. */
export function select(
  workspaces: readonly Workspace[],
  selection: Selection,
): Workspace[] {
  const wanted = selection.workspace;
  const globs = selection.name ?? [];
  const matches = globs.length > 0
    ? picomatch(globs, { dot: true })
    : () => true;

  const picked = workspaces
    .filter((ws) => !wanted || wanted.includes(ws.projectId) ||
      (ws.label !== undefined && wanted.includes(ws.label)))
    .map((ws) => ({ ...ws, tasks: ws.tasks.filter((t) => matches(t.name)) }))
    .filter((ws) => ws.tasks.length > 0);

  if (picked.length === 0 && (wanted || globs.length > 0)) {
    throw new UsageError(
      'no task matches --workspace/--name; check the ProjectId, label or ' +
        'pattern against "dwmigrate validate" output',
    );
  }
  return picked;
}
