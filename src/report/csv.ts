/**
 * report.csv: RFC 4180 (CRLF line ends, quotes doubled), one row a task.
 * Cells a spreadsheet would run as a formula get a leading apostrophe.
 * `conflicts` lists the other IDs on the server with the task's name.
 */
import { dropForbidden } from './escape.js';
import type { Report } from './model.js';

const COLUMNS = [
  'projectId',
  'region',
  'name',
  'taskId',
  'outcome',
  'file',
  'line',
  'errorCode',
  'errorMessage',
  'requestId',
  'adopted',
  'conflicts',
] as const;

/** Neutralise a cell that a spreadsheet would evaluate. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Quote a cell when RFC 4180 requires it. Control characters other than
 * tab and line ends become U+FFFD: a NUL stops many CSV readers.
 */
export function csvCell(value: string): string {
  const safe = neutralise(dropForbidden(value));
  if (!/[",\r\n]/.test(safe)) return safe;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Render the report as CSV text. */
export function toCsv(report: Report): string {
  const rows = report.tasks.map((t) => [
    t.projectId,
    t.region,
    t.name,
    t.taskId ?? '',
    t.outcome,
    t.source?.file ?? '',
    t.source ? String(t.source.line) : '',
    t.error?.code ?? '',
    t.error?.message ?? '',
    t.requestId ?? '',
    t.adopted ? 'true' : 'false',
    // Space-separated, as text: IDs above 2^53 must stay exact.
    t.conflicts.join(' '),
  ]);
  const lines = [[...COLUMNS], ...rows].map((r) => r.map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}
