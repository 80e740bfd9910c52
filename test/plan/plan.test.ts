import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MigrationInfo, MigrationPage } from '../../src/api/client.js';
import { LIST_PAGE_SIZE } from '../../src/api/client.js';
import type { ExportTask } from '../../src/manifest/types.js';
import { compareIds, planWorkspace } from '../../src/plan/plan.js';
import { listRemote } from '../../src/plan/remote.js';
import type { RemoteIndex } from '../../src/plan/remote.js';

function task(name: string): ExportTask {
  return {
    projectId: '10001',
    region: 'cn-hangzhou',
    name,
    exportMode: 'FULL',
    source: { file: 'm.yaml', line: 1, column: 1 },
  };
}

function migration(id: string, name: string): MigrationInfo {
  return { id, name, status: 'INIT' };
}

function index(...items: MigrationInfo[]): RemoteIndex {
  const out: RemoteIndex = new Map();
  for (const m of items) out.set(m.name, [...(out.get(m.name) ?? []), m]);
  return out;
}

/** A fetcher over `total` tasks that records the pages asked for. */
function pagesOf(total: number, reportedTotal = total) {
  const asked: number[] = [];
  const fetch = (page: number): Promise<MigrationPage> => {
    asked.push(page);
    const first = (page - 1) * LIST_PAGE_SIZE;
    const count = Math.max(0, Math.min(LIST_PAGE_SIZE, total - first));
    const migrations = Array.from({ length: count }, (_, i) =>
      migration(String(first + i + 1), `t${first + i}`));
    return Promise.resolve({ migrations, totalCount: reportedTotal });
  };
  return { asked, fetch };
}

describe('planWorkspace', () => {
  it('creates a missing name, keeps one that exists', () => {
    const remote = index(migration('7', 'there'));

    const plan = planWorkspace([task('missing'), task('there')], remote);

    assert.deepEqual(plan.map((e) => e.action), ['create', 'existing']);
    assert.deepEqual(plan[1]!.remote.map((m) => m.id), ['7']);
  });

  it('marks a name held twice as a conflict, oldest ID first', () => {
    const remote = index(
      migration('9007199254740993', 'twice'),
      migration('9007199254740992', 'twice'),
    );

    const [entry] = planWorkspace([task('twice')], remote);

    assert.equal(entry!.action, 'conflict');
    assert.deepEqual(entry!.remote.map((m) => m.id),
      ['9007199254740992', '9007199254740993']);
  });

  it('matches names exactly, case and spaces included', () => {
    const remote = index(migration('1', 'Sales'), migration('2', 'sales '));

    const [entry] = planWorkspace([task('sales')], remote);

    assert.equal(entry!.action, 'create');
  });
});

describe('compareIds', () => {
  it('orders longs beyond 2^53 as numbers, not as text', () => {
    const ids = ['10000000000000000001', '9007199254740993', '99'];

    ids.sort(compareIds);

    assert.deepEqual(ids,
      ['99', '9007199254740993', '10000000000000000001']);
  });
});

describe('listRemote', () => {
  it('pages until the total is seen and indexes every name', async () => {
    const pages = pagesOf(LIST_PAGE_SIZE * 2 + 3);

    const remote = await listRemote(pages.fetch);

    assert.deepEqual(pages.asked, [1, 2, 3]);
    assert.equal(remote.size, LIST_PAGE_SIZE * 2 + 3);
    assert.deepEqual(remote.get('t0')?.map((m) => m.id), ['1']);
  });

  it('stops at a full last page when the total says so', async () => {
    const pages = pagesOf(LIST_PAGE_SIZE * 2);

    await listRemote(pages.fetch);

    assert.deepEqual(pages.asked, [1, 2]);
  });

  it('stops at a short page even if the total claims more', async () => {
    const pages = pagesOf(10, 500);

    const remote = await listRemote(pages.fetch);

    assert.deepEqual(pages.asked, [1]);
    assert.equal(remote.size, 10);
  });

  it('asks once for an empty workspace', async () => {
    const pages = pagesOf(0);

    const remote = await listRemote(pages.fetch);

    assert.deepEqual(pages.asked, [1]);
    assert.equal(remote.size, 0);
  });
});
