import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { EXIT } from '../../src/errors.js';
import { buildReport } from '../../src/report/model.js';
import type { Report } from '../../src/report/model.js';
import type { JournalRecord } from '../../src/run/journal.js';
import {
  BIG_TASK,
  finishedRun,
  intent,
  killedRun,
  outcome,
  runStart,
} from './journal-fixture.js';

// dist/test/report/ and test/report/ are both three levels below the root.
const SCHEMA_URL = new URL('../../../schemas/report.schema.json',
  import.meta.url);
interface SchemaShape {
  $defs: {
    run: { properties: { exitCode: { oneOf: { enum?: number[] }[] } } };
  };
}
const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as SchemaShape;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

/** The report as report.json holds it: through JSON and back. */
function asWritten(report: Report): unknown {
  return JSON.parse(JSON.stringify(report));
}

function problems(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) => `${e.instancePath} ${e.message ?? ''}`,
  );
}

describe('report.schema.json', () => {
  it('accepts a finished run with nasty names and IDs above 2^53', () => {
    const doc = asWritten(buildReport(finishedRun()));

    assert.deepEqual(problems(doc), []);
    const ids = (doc as Report).tasks.map((t) => t.taskId);
    assert.ok(ids.includes(BIG_TASK));
  });

  it('accepts a killed run with unfinished tasks and no git', () => {
    const doc = asWritten(buildReport(killedRun()));

    assert.deepEqual(problems(doc), []);
  });

  it('accepts every run of a journal holding several', () => {
    const records = [...finishedRun(), ...killedRun()];

    const docs = ['20260301T080000Z-a1b2c3', '20260302T090000Z-d4e5f6']
      .map((id) => asWritten(buildReport(records, id)));

    assert.deepEqual(docs.flatMap(problems), []);
  });

  it('accepts a run with no tasks at all', () => {
    const records: JournalRecord[] = [
      runStart('r0', '2026-03-03T00:00:00.000Z', { manifests: [] }),
    ];

    assert.deepEqual(problems(asWritten(buildReport(records))), []);
  });

  it('rejects a field the report does not have', () => {
    const doc = asWritten(buildReport(finishedRun())) as Report;

    (doc.tasks[0] as unknown as Record<string, unknown>).extra = 1;
    (doc.run as unknown as Record<string, unknown>).secret = 'x';

    const found = problems(doc);
    assert.ok(found.some((p) => p.startsWith('/tasks/0 ')));
    assert.ok(found.some((p) => p.startsWith('/run ')));
  });

  it('rejects a task ID written as a number, which loses digits', () => {
    const doc = asWritten(buildReport(finishedRun())) as Report;

    (doc.tasks[0] as unknown as Record<string, unknown>).taskId =
      Number(BIG_TASK);

    assert.ok(problems(doc).some((p) => p.startsWith('/tasks/0/taskId')));
  });

  it('rejects an unknown outcome and a created task without its ID', () => {
    const records: JournalRecord[] = [
      runStart('r1', '2026-03-03T00:00:00.000Z'),
      outcome({ runId: 'r1', projectId: '1', region: 'cn-hangzhou',
        name: 'no id', outcome: 'created', line: 2 }),
      intent('r1', '1', 'pending'),
    ];
    const doc = asWritten(buildReport(records)) as Report;

    (doc.tasks[1] as unknown as Record<string, unknown>).outcome = 'lost';

    const found = problems(doc);
    assert.ok(found.some((p) => p.startsWith('/tasks/0/taskId')));
    assert.ok(found.some((p) => p.startsWith('/tasks/1/outcome')));
  });

  it('lists exactly the exit codes an apply run can end with', () => {
    const enums = schema.$defs.run.properties.exitCode.oneOf
      .flatMap((s) => s.enum ?? []);
    // Only `plan --detailed-exitcode` ends with changesPending, and a
    // plan writes no report.
    const applyCodes = Object.values(EXIT)
      .filter((code) => code !== EXIT.changesPending);

    assert.deepEqual([...enums].sort((a, b) => a - b),
      applyCodes.sort((a, b) => a - b));
  });
});
