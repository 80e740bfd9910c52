import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import winston from 'winston';
import { reportCommand } from '../../src/cli/commands/report.js';
import type { CommandContext } from '../../src/cli/context.js';
import { DwError, EXIT, UsageError } from '../../src/errors.js';
import type { RunSummary } from '../../src/report/history.js';
import type { Report } from '../../src/report/model.js';
import { Journal } from '../../src/run/journal.js';
import type { JournalRecord } from '../../src/run/journal.js';
import { finishedRun, killedRun } from '../report/journal-fixture.js';
import { captureStreams, type Captured } from './capture.js';

const FIRST = '20260301T080000Z-a1b2c3';
const SECOND = '20260302T090000Z-d4e5f6';
const FILES = [
  'junit.xml', 'report.csv', 'report.html', 'report.json', 'report.md',
];

/** Run `dwmigrate report ARGS` in-process with captured streams. */
async function report(cwd: string, ...argv: string[]): Promise<Captured> {
  const { stdout, stderr, result } = captureStreams();
  const ctx: CommandContext = {
    argv,
    env: {},
    cwd,
    stdout,
    stderr,
    logger: winston.createLogger({ silent: true }),
    signal: new AbortController().signal,
    hardSignal: new AbortController().signal,
  };
  return result(await reportCommand.run(ctx));
}

async function writeJournal(dir: string, records: JournalRecord[]) {
  const journal = await Journal.open(dir);
  for (const r of records) await journal.append(r);
  await journal.close();
}

async function rejection(promise: Promise<unknown>): Promise<DwError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof DwError) return error;
    throw error;
  }
  throw new Error('expected the command to fail');
}

describe('dwmigrate report', () => {
  let root: string;
  let state: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'dwmigrate-report-'));
    state = join(root, 'state');
    await writeJournal(state, [...finishedRun(), ...killedRun()]);
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('rebuilds the latest run into STATE/runs/RUN_ID by default', async () => {
    const run = await report(root, '--state', 'state');

    const dir = join(state, 'runs', SECOND);
    assert.equal(run.code, EXIT.ok);
    assert.deepEqual((await readdir(dir)).sort(), FILES);
    assert.match(run.stdout, new RegExp(`^run ${SECOND}: 2 tasks: 1 created`));
    assert.match(run.stdout, /1 unfinished/);
    assert.ok(run.stdout.includes(`${dir}/ (`));
    assert.ok(run.stdout.includes('report.html'));
  });

  it('rebuilds a chosen run into a chosen folder', async () => {
    const run = await report(root, '--state', 'state', '--run', FIRST,
      '--out', 'audit');

    const json = await readFile(join(root, 'audit', 'report.json'), 'utf8');
    const written = JSON.parse(json) as Report;
    assert.equal(run.code, EXIT.ok);
    assert.equal(written.run.id, FIRST);
    assert.equal(written.summary.failed, 2);
    assert.match(run.stdout, /failed: 10001\/a \| b \| c: InvalidParameter/);
  });

  it('prints the report JSON on stdout with --json, and nothing else',
    async () => {
      const run = await report(root, '--state', 'state', '--run', FIRST,
        '--out', 'json-out', '--json');

      const printed = JSON.parse(run.stdout) as Report;
      const written = JSON.parse(
        await readFile(join(root, 'json-out', 'report.json'), 'utf8'),
      ) as Report;
      assert.deepEqual(printed, written);
    });

  it('lists past runs oldest first as a table with --history', async () => {
    const run = await report(root, '--state', 'state', '--history');

    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(run.code, EXIT.ok);
    assert.equal(lines.length, 3);
    assert.ok(lines[1]!.startsWith(FIRST));
    assert.ok(lines[2]!.startsWith(SECOND));
    assert.match(lines[2]!, /the run did not finish$/);
  });

  it('lists past runs as JSON with --history --json', async () => {
    const run = await report(root, '--state', 'state', '--history', '--json');

    const runs = JSON.parse(run.stdout) as RunSummary[];
    assert.deepEqual(runs.map((r) => [r.runId, r.exitCode]),
      [[FIRST, 1], [SECOND, null]]);
    assert.equal(runs[0]!.counts.failed, 2);
  });

  it('names the path when the state folder does not exist', async () => {
    const error = await rejection(report(root, '--state', 'nowhere'));

    assert.ok(error instanceof UsageError);
    assert.equal(error.code, 'STATE_NOT_FOUND');
    assert.ok(error.message.includes(join(root, 'nowhere')));
  });

  it('says so when the state folder holds no run', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty);

    const error = await rejection(report(root, '--state', 'empty'));

    assert.equal(error.code, 'NO_RUNS');
    assert.equal(error.exitCode, EXIT.usage);
    assert.match(error.message, /no runs in .*journal\.jsonl/);
  });

  it('says no runs are recorded with --history on an empty folder',
    async () => {
      await mkdir(join(root, 'empty-history'));

      const run = await report(root, '--state', 'empty-history', '--history');

      assert.equal(run.code, EXIT.ok);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /no runs recorded in .*journal\.jsonl/);
    });

  it('lists no runs as an empty JSON list with --history --json',
    async () => {
      await mkdir(join(root, 'empty-json'));

      const run = await report(
        root, '--state', 'empty-json', '--history', '--json',
      );

      assert.equal(run.code, EXIT.ok);
      assert.deepEqual(JSON.parse(run.stdout), []);
    });

  it('still refuses --history for a state folder that does not exist',
    async () => {
      const error = await rejection(
        report(root, '--state', 'nowhere', '--history'),
      );

      assert.equal(error.code, 'STATE_NOT_FOUND');
    });

  it('names the latest runs when --run is unknown', async () => {
    const error = await rejection(
      report(root, '--state', 'state', '--run', 'nope'),
    );

    assert.equal(error.code, 'RUN_NOT_FOUND');
    assert.ok(error.message.includes(`${SECOND}, ${FIRST}`));
  });

  it('refuses --history together with --run or --out', async () => {
    const error = await rejection(
      report(root, '--state', 'state', '--history', '--run', FIRST),
    );

    assert.ok(error instanceof UsageError);
  });

  it('refuses positional arguments', async () => {
    const error = await rejection(report(root, 'state'));

    assert.match(error.message, /--state DIR/);
  });

  it('has help text with examples', () => {
    assert.match(reportCommand.help, /Examples:/);
    assert.match(reportCommand.help, /--history/);
    assert.equal(reportCommand.name, 'report');
  });
});
