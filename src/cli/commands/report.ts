/**
 * `dwmigrate report`: rebuild a run's report files from a state folder's
 * journal, or list the runs it holds. Offline: no credentials, no network.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UsageError } from '../../errors.js';
import { formatHistory, listRuns } from '../../report/history.js';
import { buildReport, runIds } from '../../report/model.js';
import { writeReport } from '../../report/write.js';
import { JOURNAL_FILE, readJournal } from '../../run/journal.js';
import type { JournalRecord } from '../../run/journal.js';
import type { Command, CommandContext } from '../context.js';
import { LOG_OPTIONS } from '../options.js';
import { printSummary } from './summary.js';

const OPTIONS = {
  ...LOG_OPTIONS,
  state: { type: 'string' },
  run: { type: 'string' },
  out: { type: 'string' },
  history: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const HELP = `Usage:
  dwmigrate report [--state DIR] [--run ID] [--out DIR] [--json]
  dwmigrate report [--state DIR] --history [--json]

Rebuild a run's report files (report.json, report.csv, report.md,
report.html, junit.xml) from the journal of a state folder, or list the
runs the folder holds. Reads local files only: no credentials, no network.

Options:
  --state DIR          state folder written by apply (default .dwmigrate)
  --run ID             the run to report (default: the latest)
  --out DIR            report folder (default: STATE/runs/RUN_ID)
  --history            list every run, oldest first: times, exit code,
                       key, counts by outcome and why it stopped
  --json               machine-readable stdout: the report or the runs

A run that is still going, or was killed, is reported as it stands: its
tasks without an answer show as "unfinished".

Examples:
  dwmigrate report
  dwmigrate report --state /var/lib/dwmigrate --run 20260102T030405Z-a1b2c3
  dwmigrate report --run 20260102T030405Z-a1b2c3 --out audit/2026-01
  dwmigrate report --history
  dwmigrate report --history --json | jq '.[] | select(.exitCode != 0)'
`;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
}

function check(values: Values, positionals: string[]): void {
  if (positionals.length > 0) {
    throw new UsageError(
      `report takes no arguments, got "${positionals.join(' ')}"; ` +
        'name the state folder with --state DIR',
    );
  }
  if (values.history && (values.run || values.out)) {
    throw new UsageError('--history lists runs; it takes no --run or --out');
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}

/** Read a state folder's journal; a missing folder is an error. */
async function loadRecords(stateDir: string): Promise<JournalRecord[]> {
  if (!(await isFolder(stateDir))) {
    throw new UsageError(
      `no state folder at ${stateDir}; pass the --state DIR that ` +
        'apply used',
      'STATE_NOT_FOUND',
    );
  }
  return readJournal(stateDir);
}

/** A report needs a run: a folder that holds none is an error. */
function requireRuns(
  records: readonly JournalRecord[],
  stateDir: string,
): void {
  if (runIds(records).length > 0) return;
  throw new UsageError(
    `no runs in ${join(stateDir, JOURNAL_FILE)}; ` +
      'run "dwmigrate apply" with this state folder first',
    'NO_RUNS',
  );
}

/** The run asked for, or the latest; an unknown ID names the recent ones. */
function pickRun(records: readonly JournalRecord[], wanted?: string): string {
  const ids = runIds(records);
  if (wanted === undefined) return ids.at(-1)!;
  if (ids.includes(wanted)) return wanted;
  const recent = ids.slice(-5).reverse().join(', ');
  throw new UsageError(
    `no run "${wanted}" in the journal; latest runs: ${recent}. ` +
      'See them all with "dwmigrate report --history"',
    'RUN_NOT_FOUND',
  );
}

/**
 * The run list. An empty one is an answer, not an error: `[]` with --json,
 * else a note on stderr (stdout stays empty for pipes).
 */
function history(
  ctx: CommandContext,
  records: readonly JournalRecord[],
  json: boolean,
  stateDir: string,
): number {
  const runs = listRuns(records);
  if (runs.length === 0 && !json) {
    ctx.stderr.write(
      `no runs recorded in ${join(stateDir, JOURNAL_FILE)}\n`,
    );
    return EXIT.ok;
  }
  ctx.stdout.write(
    json ? JSON.stringify(runs, null, 2) + '\n' : formatHistory(runs),
  );
  return EXIT.ok;
}

async function rebuild(
  ctx: CommandContext,
  records: readonly JournalRecord[],
  values: Values,
  stateDir: string,
): Promise<number> {
  const runId = pickRun(records, values.run);
  const report = buildReport(records, runId);
  const outDir = values.out
    ? resolve(ctx.cwd, values.out)
    : join(stateDir, 'runs', runId);

  const files = await writeReport(report, outDir);

  if (values.json) {
    ctx.stdout.write(JSON.stringify(report, null, 2) + '\n');
    ctx.logger.info('report written', { runId, files });
  } else {
    printSummary(ctx.stdout, report, files);
  }
  return EXIT.ok;
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(ctx.argv);
  check(values, positionals);
  const stateDir = resolve(ctx.cwd, values.state ?? '.dwmigrate');

  const records = await loadRecords(stateDir);

  if (values.history) {
    return history(ctx, records, values.json ?? false, stateDir);
  }
  requireRuns(records, stateDir);
  return rebuild(ctx, records, values, stateDir);
}

/** The `report` subcommand. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'rebuild a run\'s report files, or list past runs (offline)',
  help: HELP,
  run,
};
