/**
 * Names held by several tasks on the server. Such a workspace needs a
 * person: nothing is created for the name, the oldest task is reported,
 * and the others are extra copies to delete in DataWorks.
 */
import type { Logger } from 'winston';
import type { PlanEntry } from './plan.js';
import { plural } from '../plural.js';

/** One name with several tasks, oldest ID first. */
export interface Conflict {
  name: string;
  taskIds: string[];
}

/** The conflicts among one workspace's plan entries. */
export function conflictsOf(entries: readonly PlanEntry[]): Conflict[] {
  return entries
    .filter((e) => e.action === 'conflict')
    .map((e) => ({ name: e.task.name, taskIds: e.remote.map((m) => m.id) }));
}

/** The line under a summary that counted `n` conflicts. */
export function conflictHint(n: number): string {
  return `conflicts: ${plural(n, 'name')} held by several tasks on the ` +
    'server; the oldest ID is kept, delete the others in DataWorks';
}

/** Warn once for a workspace with conflicts; says nothing otherwise. */
export function warnConflicts(
  logger: Logger,
  projectId: string,
  entries: readonly PlanEntry[],
): number {
  const conflicts = conflictsOf(entries);
  if (conflicts.length === 0) return 0;

  logger.warn('several tasks share a name; the oldest is kept, ' +
    'delete the others in DataWorks', {
    workspace: projectId,
    conflicts: conflicts.length,
    tasks: conflicts.map((c) => `${c.name}: ${c.taskIds.join(', ')}`),
  });
  return conflicts.length;
}
