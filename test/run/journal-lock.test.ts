import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile, appendFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  Journal,
  forEachRecord,
  readJournal,
  readUnanswered,
} from '../../src/run/journal.js';
import type { JournalRecord } from '../../src/run/journal.js';
import {
  NASTY_NAMES,
  finishedRun,
  intent,
  killedRun,
} from '../report/journal-fixture.js';
import { LockedError, acquireLock } from '../../src/run/lock.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'dwmigrate-test-'));
}

describe('journal', () => {
  it('has every appended record on disk once append resolves', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);

    await Promise.all(
      [1, 2, 3].map((attempt) =>
        journal.append({
          type: 'intent', runId: 'r', time: 't', projectId: '1',
          name: `n${attempt}`, attempt,
        })),
    );
    const text = await readFile(join(dir, 'journal.jsonl'), 'utf8');
    await journal.close();

    assert.equal(text.trim().split('\n').length, 3);
  });

  it('writes a batch of records in order, on disk once it resolves',
    async () => {
      const dir = await tempDir();
      const journal = await Journal.open(dir);
      const intent = (name: string) => ({
        type: 'intent' as const, runId: 'r', time: 't', projectId: '1',
        name, attempt: 1,
      });

      await journal.appendMany(['a', 'b', 'c'].map(intent));
      await journal.appendMany([]);
      const records = await readJournal(dir);
      await journal.close();

      assert.deepEqual(records.map((r) => 'name' in r && r.name),
        ['a', 'b', 'c']);
    });

  it('visits one run\'s records alone when given its ID', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    const [first, second] = [finishedRun(), killedRun()];
    await journal.appendMany([...first, ...second]);
    await journal.close();
    const secondId = second[0]!.runId;

    const all = await readJournal(dir);
    const mine: JournalRecord[] = [];
    await forEachRecord(dir, (r) => mine.push(r), secondId);

    assert.equal(all.length, first.length + second.length);
    // As written: JSON drops the fixture's undefined fields.
    assert.deepEqual(mine, JSON.parse(JSON.stringify(second)));
  });

  it('finds each intent that no outcome followed, with its time',
    async () => {
      const dir = await tempDir();
      const journal = await Journal.open(dir);
      await journal.appendMany([...finishedRun(), ...killedRun(),
        intent('r9', '42', 'late')]);
      await journal.close();

      const unanswered = await readUnanswered(dir);

      const at = Date.parse('2026-03-01T08:00:04.000Z');
      assert.deepEqual([...unanswered], [
        [`10001\u0000${NASTY_NAMES.script}`, at],
        ['42\u0000late', at],
      ]);
    });

  it('skips a torn last line left by a kill mid-write', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(dir);
    await journal.append({
      type: 'intent', runId: 'r', time: 't', projectId: '1', name: 'a',
      attempt: 1,
    });
    await journal.close();
    await appendFile(join(dir, 'journal.jsonl'), '{"type":"outc');

    const records = await readJournal(dir);

    assert.equal(records.length, 1);
  });
});

describe('lock', () => {
  it('refuses a second run on the same state folder', async () => {
    const dir = await tempDir();
    const first = await acquireLock(dir, 'run-1');

    await assert.rejects(acquireLock(dir, 'run-2'), (error: unknown) => {
      assert.ok(error instanceof LockedError);
      assert.match(error.message, /in use by run run-1/);
      return true;
    });
    await first.release();
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = await tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    await writeFile(join(dir, 'lock'), JSON.stringify({
      pid: dead, host: hostname(), runId: 'crashed', startedAt: 'x',
    }));

    const lock = await acquireLock(dir, 'run-2');

    assert.equal(lock.tookOver, true);
    await lock.release();
  });

  it('can be taken again once released', async () => {
    const dir = await tempDir();
    const first = await acquireLock(dir, 'a');
    await first.release();

    const second = await acquireLock(dir, 'b');

    assert.equal(second.tookOver, false);
    await second.release();
  });
});
