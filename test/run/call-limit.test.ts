import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataWorksApi } from '../../src/api/client.js';
import { limitCalls } from '../../src/run/call-limit.js';

/** An API whose calls answer on the next turn, counting those in flight. */
function countingApi() {
  const seen = { running: 0, most: 0 };
  const answer = async <T>(value: T): Promise<T> => {
    seen.running++;
    seen.most = Math.max(seen.most, seen.running);
    await new Promise((resolve) => setImmediate(resolve));
    seen.running--;
    return value;
  };
  const api: DataWorksApi = {
    endpointOf: () => ({ url: 'http://x', host: 'x', protocol: 'http' }),
    createExportMigration: () => answer({ taskId: '1' }),
    listExportMigrations: () => answer({ migrations: [], totalCount: 0 }),
  };
  return { api, seen };
}

describe('limitCalls', () => {
  it('never has more calls in flight than the cap, of both kinds',
    async () => {
      const { api, seen } = countingApi();
      const limited = limitCalls(api, 4);
      const task = { projectId: '1', name: 'n', exportMode: 'FULL' as const };

      await Promise.all(Array.from({ length: 20 }, (_, i) => i % 2 === 0
        ? limited.createExportMigration('cn-hangzhou', task)
        : limited.listExportMigrations('cn-hangzhou', '1', 1)));

      assert.equal(seen.most, 4);
      assert.equal(seen.running, 0);
    });
});
