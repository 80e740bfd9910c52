import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, toCsv } from '../../src/report/csv.js';
import { mdCell, toMarkdown } from '../../src/report/markdown.js';
import { buildReport } from '../../src/report/model.js';
import type { JournalRecord } from '../../src/run/journal.js';
import { finishedRun } from './journal-fixture.js';

const NASTY = 'a, "b" | c\nd 数据迁移';

function journal(): JournalRecord[] {
  return [
    {
      type: 'run-start', runId: 'r1', time: '2026-01-01T00:00:00Z',
      toolVersion: '0.1.0', identity: 'dwmi****demo',
      endpoints: { 'cn-hangzhou': 'http://127.0.0.1:1' }, manifests: [],
      options: {},
    },
    { type: 'intent', runId: 'r1', time: 't', projectId: '1', name: 'lost',
      attempt: 1 },
    {
      type: 'outcome', runId: 'r1', time: 't', projectId: '1',
      region: 'cn-hangzhou', name: NASTY, outcome: 'created',
      taskId: '9007199254740993', requestId: 'q', error: null,
      source: { file: 'm.yaml', line: 3, column: 5 },
    },
    {
      type: 'outcome', runId: 'r1', time: 't', projectId: '1',
      region: 'cn-hangzhou', name: '=HYPERLINK("x")', outcome: 'failed',
      taskId: null, requestId: null,
      error: { code: 'InvalidParameter', message: 'bad | name' },
      source: { file: 'm.yaml', line: 9, column: 5 },
    },
  ];
}

/** RFC 4180 reader, for round-trip checks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell); rows.push(row); row = []; cell = ''; i++;
    } else cell += c;
  }
  return rows;
}

describe('report formats', () => {
  it('builds the report from the journal, unfinished intents included', () => {
    const report = buildReport(journal());

    assert.equal(report.summary.created, 1);
    assert.equal(report.summary.failed, 1);
    assert.equal(report.summary.unfinished, 1);
    assert.equal(report.tasks[0]!.taskId, '9007199254740993');
  });

  it('lists every declared task of a killed run, not only journalled ones', () => {
    const records = journal().slice(0, 2);
    records.splice(1, 0, {
      type: 'tasks', runId: 'r1', time: 't',
      tasks: [
        ['1', 'cn-hangzhou', 'lost', 'm.yaml', 1],
        ['1', 'cn-hangzhou', 'never_called', 'm.yaml', 2],
      ],
    });

    const report = buildReport(records);

    const outcomes = report.tasks.map((t) => [t.name, t.outcome]);
    assert.deepEqual(outcomes, [
      ['lost', 'unfinished'],
      ['never_called', 'not-started'],
    ]);
    assert.equal(report.tasks[0]!.source?.file, 'm.yaml');
  });

  it('survives commas, quotes, pipes, newlines and non-Latin text in CSV', () => {
    const rows = parseCsv(toCsv(buildReport(journal())));

    const names = rows.map((r) => r[2]);
    assert.ok(names.includes(NASTY));
    assert.equal(rows[0]!.length, rows[1]!.length);
  });

  it('neutralises CSV cells a spreadsheet would run as a formula', () => {
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('plain'), 'plain');
  });

  it('lists workspaces with failures first in Markdown', () => {
    const records = journal();
    records.splice(1, 0, {
      type: 'outcome', runId: 'r1', time: 't', projectId: '2',
      region: 'cn-shanghai', name: 'fine', outcome: 'created',
      taskId: '5', requestId: 'q2', error: null,
      source: { file: 'm.yaml', line: 20, column: 5 },
    });

    const md = toMarkdown(buildReport(records));

    const first = md.indexOf('## Workspace 1 (cn-hangzhou)');
    const second = md.indexOf('## Workspace 2 (cn-shanghai)');
    assert.ok(first > 0 && second > first);
  });

  it('replaces control characters in CSV and Markdown cells', () => {
    const nasty = 'bell\u0007 nul\u0000 esc\u001b[31m';

    assert.equal(csvCell(nasty), 'bell\uFFFD nul\uFFFD esc\uFFFD[31m');
    assert.equal(mdCell(nasty), 'bell\uFFFD nul\uFFFD esc\uFFFD\\[31m');
    assert.equal(csvCell('a\tb'), 'a\tb');
  });

  it('escapes Markdown strikethrough tildes in cells', () => {
    assert.equal(mdCell('~~gone~~'), '\\~\\~gone\\~\\~');
  });

  it('keeps Markdown tables intact with pipes and newlines in cells', () => {
    const md = toMarkdown(buildReport(journal()));

    const rows = md.split('\n').filter((l) => l.startsWith('| a, '));
    assert.equal(rows.length, 1);
    assert.equal(mdCell('a|b\nc'), 'a\\|b<br>c');
    assert.ok(md.includes('数据迁移'));
  });

  it('lists conflicting IDs in a CSV conflicts column, as text', () => {
    const rows = parseCsv(toCsv(buildReport(finishedRun())));

    const col = rows[0]!.indexOf('conflicts');
    const cells = rows.slice(1).map((r) => r[col]);
    assert.equal(col, rows[0]!.length - 1);
    assert.deepEqual(cells.filter((c) => c !== ''),
      ['7000000000000000003']);
    assert.ok(rows.every((r) => r.length === rows[0]!.length));
  });

  it('counts conflicts under the Markdown summary and notes them in rows',
    () => {
      const md = toMarkdown(buildReport(finishedRun()));

      assert.ok(md.includes('**Conflicts: 1 task shares its name with ' +
        'other tasks on the server**'));
      const rows = md.split('\n').filter((l) => l.includes('**conflict**'));
      assert.equal(rows.length, 1);
      assert.ok(rows[0]!.includes('existing'));
      assert.ok(rows[0]!.endsWith(
        'same name also on the server: 7000000000000000003 |'));
    });

  it('adds no conflict note to Markdown when no name is shared', () => {
    const md = toMarkdown(buildReport(journal()));

    assert.ok(!md.includes('onflict'));
  });
});
