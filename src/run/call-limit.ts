/**
 * The overall cap on calls in flight (`--concurrency`), applied to the
 * calls themselves rather than to whole tasks: a task that is waiting
 * for its journal write or its budget slot holds no call slot, so the
 * journal's fsyncs overlap with other tasks' calls instead of adding to
 * every task's time.
 */
import pLimit from 'p-limit';
import type { DataWorksApi } from '../api/client.js';

/** The same API, with at most `concurrency` calls in flight at once. */
export function limitCalls(
  api: DataWorksApi,
  concurrency: number,
): DataWorksApi {
  const limit = pLimit(Math.max(1, concurrency));
  return {
    endpointOf: (region) => api.endpointOf(region),
    createExportMigration: (region, input) =>
      limit(() => api.createExportMigration(region, input)),
    listExportMigrations: (region, projectId, pageNumber) =>
      limit(() => api.listExportMigrations(region, projectId, pageNumber)),
  };
}
