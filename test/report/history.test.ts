import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHistory, listRuns } from '../../src/report/history.js';
import type { JournalRecord } from '../../src/run/journal.js';
import { finishedRun, killedRun, runStart } from './journal-fixture.js';

const FIRST = '20260301T080000Z-a1b2c3';
const SECOND = '20260302T090000Z-d4e5f6';

describe('run history', () => {
  it('lists every run oldest first with its times, exit code and key', () => {
    const records = [...finishedRun(), ...killedRun()];

    const runs = listRuns(records);

    assert.deepEqual(runs.map((r) => r.runId), [FIRST, SECOND]);
    assert.equal(runs[0]!.end, '2026-03-01T08:03:07.500Z');
    assert.equal(runs[0]!.exitCode, 1);
    assert.equal(runs[0]!.accessKeyId, 'LTAI****9xQz');
    assert.equal(runs[0]!.stopReason, null);
  });

  it('counts outcomes as the run\'s report does', () => {
    const runs = listRuns([...finishedRun(), ...killedRun()]);

    assert.deepEqual(runs[0]!.counts, {
      total: 7, created: 3, existing: 1, failed: 2, 'not-started': 1,
      skipped: 0, unfinished: 0,
    });
    assert.equal(runs[1]!.counts.unfinished, 1);
    assert.equal(runs[1]!.counts.created, 1);
  });

  it('names the key accessKeyId, as report.json does', () => {
    const [run] = listRuns(finishedRun());

    assert.equal(run!.accessKeyId, 'LTAI****9xQz');
    assert.ok(!('identity' in run!));
  });

  it('shows a killed run as not finished, with no exit code', () => {
    const [run] = listRuns(killedRun());

    assert.equal(run!.end, null);
    assert.equal(run!.exitCode, null);
    assert.equal(run!.stopReason, 'the run did not finish');
  });

  it('orders runs by start time even when the journal interleaves them',
    () => {
      const late = runStart('late', '2026-03-05T00:00:00.000Z');
      const early = runStart('early', '2026-03-04T00:00:00.000Z');

      const runs = listRuns([late, early]);

      assert.deepEqual(runs.map((r) => r.runId), ['early', 'late']);
    });

  it('skips lines of a run whose start line is missing', () => {
    const orphan: JournalRecord = {
      type: 'intent', runId: 'torn', time: '2026-03-01T00:00:00.000Z',
      projectId: '1', name: 'x', attempt: 1,
    };

    const runs = listRuns([orphan, ...killedRun()]);

    assert.deepEqual(runs.map((r) => r.runId), [SECOND]);
  });

  it('returns no runs for an empty journal', () => {
    assert.deepEqual(listRuns([]), []);
  });

  it('prints an aligned table, one line per run plus a header', () => {
    const runs = listRuns([...finishedRun(), ...killedRun()]);

    const lines = formatHistory(runs).trimEnd().split('\n');

    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^RUN ID\s+STARTED \(UTC\)\s+ENDED \(UTC\)/);
    assert.match(lines[1]!,
      /^20260301T080000Z-a1b2c3 {2}2026-03-01 08:00:00 {2}2026-03-01 08:03:07/);
    assert.match(lines[2]!,
      / -\s+-\s+LTAI\*{4}9xQz\s+2\s+1\s.*did not finish$/);
    const exitColumn = lines[0]!.indexOf('EXIT');
    assert.equal(lines[1]![exitColumn + 3], '1');
  });

  it('keeps a stop reason with line breaks on one line', () => {
    const records: JournalRecord[] = [
      runStart('r', '2026-03-01T00:00:00.000Z'),
      {
        type: 'run-end', runId: 'r', time: '2026-03-01T00:00:01.000Z',
        exitCode: 3, summary: {}, reason: 'fatal:\nkey disabled',
      },
    ];

    const text = formatHistory(listRuns(records));

    assert.equal(text.trimEnd().split('\n').length, 2);
    assert.match(text, /fatal: key disabled/);
  });
});
