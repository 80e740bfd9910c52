/**
 * What a workspace already holds: every export task, by name. The service
 * has no filter by name, so finding one means paging through them all.
 */
import type { DataWorksApi, MigrationInfo } from '../api/client.js';
import { LIST_PAGE_SIZE } from '../api/client.js';

/** Existing tasks of one workspace, grouped by name. */
export type RemoteIndex = Map<string, MigrationInfo[]>;

/** Fetch one page; the caller adds pacing and retries. */
export type PageFetcher = (pageNumber: number) => ReturnType<
  DataWorksApi['listExportMigrations']
>;

/** Page through a workspace's export tasks and index them by name. */
export async function listRemote(fetchPage: PageFetcher): Promise<RemoteIndex> {
  const index: RemoteIndex = new Map();
  for (let page = 1; ; page++) {
    const result = await fetchPage(page);
    for (const migration of result.migrations) {
      const same = index.get(migration.name);
      if (same) same.push(migration);
      else index.set(migration.name, [migration]);
    }
    const seen = (page - 1) * LIST_PAGE_SIZE + result.migrations.length;
    const short = result.migrations.length < LIST_PAGE_SIZE;
    if (short || seen >= result.totalCount) return index;
  }
}
