/**
 * The history of a state folder: one line per run in its journal, with the
 * same counts the run's report shows, and a plain-text table of them.
 */
import type { JournalRecord } from '../run/journal.js';
import { buildReport } from './model.js';

/** One past run, as `report --history` lists it. */
export interface RunSummary {
  runId: string;
  start: string;
  /** Null when the run never wrote its end (killed, or still running). */
  end: string | null;
  exitCode: number | null;
  /** The masked access key ID the run used, as in report.json. */
  accessKeyId: string;
  toolVersion: string;
  /**
   * Counts by outcome, as in the run's report (`total` included), with
   * every outcome present, zeros too, so readers need no defaults.
   */
  counts: Record<string, number>;
  stopReason: string | null;
}

/** Records grouped by run, in journal order. */
function byRun(
  records: readonly JournalRecord[],
): Map<string, JournalRecord[]> {
  const groups = new Map<string, JournalRecord[]>();
  for (const r of records) {
    const list = groups.get(r.runId);
    if (list) list.push(r);
    else groups.set(r.runId, [r]);
  }
  return groups;
}

/**
 * Summaries of every run in a journal, oldest first. Counts come from the
 * run's records (as in its report), so a killed run shows its unfinished
 * tasks instead of nothing.
 */
export function listRuns(records: readonly JournalRecord[]): RunSummary[] {
  const summaries: RunSummary[] = [];
  for (const [runId, mine] of byRun(records)) {
    // Lines of a run whose start line was torn off cannot be reported.
    if (!mine.some((r) => r.type === 'run-start')) continue;
    const { run, summary } = buildReport(mine, runId);
    summaries.push({
      runId,
      start: run.start,
      end: run.end,
      exitCode: run.exitCode,
      accessKeyId: run.accessKeyId,
      toolVersion: run.toolVersion,
      counts: allCounts(summary),
      stopReason: run.stopReason,
    });
  }
  return summaries.sort((a, b) => compare(a.start, b.start));
}

/** The summary with a zero for every outcome it leaves out. */
function allCounts(summary: Record<string, number>): Record<string, number> {
  const counts: Record<string, number> = { total: summary.total ?? 0 };
  for (const c of COUNT_COLUMNS) counts[c] = summary[c] ?? 0;
  return { ...counts, ...summary };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const COUNT_COLUMNS = [
  'created',
  'existing',
  'failed',
  'not-started',
  'skipped',
  'unfinished',
] as const;

/** `2026-01-02T03:04:05.678Z` as `2026-01-02 03:04:05`, for narrow tables. */
function short(iso: string | null): string {
  if (!iso) return '-';
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

/** Keep a cell on one line: a newline would break the table. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

function cells(run: RunSummary): string[] {
  return [
    run.runId,
    short(run.start),
    short(run.end),
    run.exitCode === null ? '-' : String(run.exitCode),
    oneLine(run.accessKeyId),
    String(run.counts.total ?? 0),
    ...COUNT_COLUMNS.map((c) => String(run.counts[c] ?? 0)),
    oneLine(run.stopReason ?? ''),
  ];
}

/** The runs as an aligned text table (UTC times), one run per line. */
export function formatHistory(runs: readonly RunSummary[]): string {
  const head = [
    'RUN ID', 'STARTED (UTC)', 'ENDED (UTC)', 'EXIT', 'KEY', 'TOTAL',
    ...COUNT_COLUMNS.map((c) => c.toUpperCase()), 'STOP REASON',
  ];
  const rows = [head, ...runs.map(cells)];
  const widths = head.map((_, i) =>
    Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const numeric = new Set([3, 5, 6, 7, 8, 9, 10, 11]);
  const lines = rows.map((r) =>
    r.map((cell, i) => {
      const w = widths[i] ?? 0;
      if (i === r.length - 1) return cell;
      return numeric.has(i) ? cell.padStart(w) : cell.padEnd(w);
    }).join('  ').trimEnd());
  return lines.join('\n') + '\n';
}
