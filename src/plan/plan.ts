/**
 * Compare what the manifests ask for with what a workspace holds, so that
 * a rerun creates only what is missing.
 */
import type { MigrationInfo } from '../api/client.js';
import type { ExportTask } from '../manifest/types.js';
import type { RemoteIndex } from './remote.js';

/**
 * - create: no task of that name on the server.
 * - existing: exactly one task of that name; nothing to do.
 * - conflict: several tasks share the name on the server; nothing is
 *   created, and the oldest is reported.
 */
export type PlanAction = 'create' | 'existing' | 'conflict';

export interface PlanEntry {
  task: ExportTask;
  action: PlanAction;
  /** Tasks of that name on the server, oldest (lowest ID) first. */
  remote: MigrationInfo[];
}

/** Order IDs as the longs they are. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Plan one workspace's tasks against its remote index. */
export function planWorkspace(
  tasks: readonly ExportTask[],
  remote: RemoteIndex,
): PlanEntry[] {
  return tasks.map((task) => {
    const found = [...(remote.get(task.name) ?? [])];
    found.sort((a, b) => compareIds(a.id, b.id));
    const action: PlanAction = found.length === 0
      ? 'create'
      : found.length === 1 ? 'existing' : 'conflict';
    return { task, action, remote: found };
  });
}
