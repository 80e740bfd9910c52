import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildReport, ReportBuilder } from '../../src/report/model.js';
import {
  Journal,
  forEachRecord,
  readJournal,
} from '../../src/run/journal.js';
import { finishedRun, killedRun } from './journal-fixture.js';

describe('ReportBuilder', () => {
  it('builds from the journal as it is read the report of all records',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'dwm-model-'));
      const journal = await Journal.open(dir);
      const [first, second] = [finishedRun(), killedRun()];
      await journal.appendMany([...first, ...second]);
      await journal.close();
      const reports = [];

      for (const runId of [first[0]!.runId, second[0]!.runId]) {
        const builder = new ReportBuilder(runId);
        await forEachRecord(dir, (r) => builder.add(r), runId);
        reports.push({
          streamed: builder.build(),
          whole: buildReport(await readJournal(dir), runId),
        });
      }

      for (const { streamed, whole } of reports) {
        assert.deepEqual(streamed, whole);
      }
      const outcomes = reports[1]!.streamed.tasks.map((t) => t.outcome);
      assert.ok(outcomes.includes('unfinished'), outcomes.join(' '));
    });

  it('refuses a run the journal does not have', () => {
    const builder = new ReportBuilder('nope');

    for (const r of finishedRun()) builder.add(r);

    assert.throws(() => builder.build(), /no run nope/);
  });
});
