/**
 * List every workspace of the manifests under the read budget and plan
 * each one: the shared first half of `plan` and `apply`.
 */
import pLimit from 'p-limit';
import type { Logger } from 'winston';
import type { DataWorksApi } from '../api/client.js';
import type { ApiError } from '../api/errors.js';
import { classify } from '../api/errors.js';
import type { Workspace } from '../manifest/types.js';
import type { RetryPolicy } from '../run/backoff.js';
import type { BudgetRegistry } from '../run/budget.js';
import { readWithRetry } from '../run/read-call.js';
import { planWorkspace } from './plan.js';
import type { PlanEntry } from './plan.js';
import { listRemote } from './remote.js';
import type { RemoteIndex } from './remote.js';

/** What listing needs. */
export interface ListDeps {
  api: DataWorksApi;
  budgets: BudgetRegistry;
  accessKeyId: string;
  retry: RetryPolicy;
  logger: Logger;
  signal?: AbortSignal;
}

/** A workspace's plan, or the error that kept it from being listed. */
export type WorkspacePlan =
  | { workspace: Workspace; entries: PlanEntry[]; error?: undefined }
  | { workspace: Workspace; entries?: undefined; error: ApiError };

/** Every export task of one workspace, paced and retried. */
export function listWorkspace(
  deps: ListDeps,
  region: string,
  projectId: string,
): Promise<RemoteIndex> {
  const budget = deps.budgets.get(deps.accessKeyId, region, 'read');
  return listRemote((page) =>
    readWithRetry(
      budget,
      deps.retry,
      () => deps.api.listExportMigrations(region, projectId, page),
      deps.signal,
      (error, delayMs) =>
        deps.logger.warn('list retry', {
          workspace: projectId,
          code: error.apiCode,
          delayMs,
        }),
    ),
  );
}

/** List and plan one workspace; a failure is returned, not thrown. */
export async function planOne(
  deps: ListDeps,
  workspace: Workspace,
): Promise<WorkspacePlan> {
  try {
    const remote = await listWorkspace(
      deps,
      workspace.region,
      workspace.projectId,
    );
    const entries = planWorkspace(workspace.tasks, remote);
    deps.logger.debug('workspace listed', {
      workspace: workspace.projectId,
      region: workspace.region,
      onServer: remote.size,
      toCreate: entries.filter((e) => e.action === 'create').length,
    });
    return { workspace, entries };
  } catch (thrown: unknown) {
    const error = classify(thrown);
    deps.logger.error('listing failed', {
      workspace: workspace.projectId,
      region: workspace.region,
      code: error.apiCode,
      message: error.message,
    });
    return { workspace, error };
  }
}

/** Plan every workspace, `concurrency` listings at a time. */
export function planAll(
  deps: ListDeps,
  workspaces: readonly Workspace[],
  concurrency: number,
): Promise<WorkspacePlan[]> {
  const limit = pLimit(concurrency);
  return Promise.all(workspaces.map((ws) => limit(() => planOne(deps, ws))));
}
