/** The few lines a person reads after a run, on stdout. */
import { basename, dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { conflictHint } from '../../plan/conflicts.js';
import { conflictCount, type Report } from '../../report/model.js';
import { plural } from '../../plural.js';

const SHOWN_FAILURES = 5;

/** Print the outcome counts, the stop reason and where the report is. */
export function printSummary(
  out: Writable,
  report: Report,
  files: string[],
): void {
  const s = report.summary;
  const conflicts = conflictCount(report.tasks);
  out.write(
    `run ${report.run.id}: ${s.total} tasks: ${s.created} created, ` +
      `${s.existing} existing, ${s.failed} failed, ` +
      `${s['not-started']} not started` +
      (s.skipped ? `, ${s.skipped} skipped` : '') +
      (s.unfinished ? `, ${s.unfinished} unfinished` : '') +
      (conflicts ? `, ${plural(conflicts, 'conflict')}` : '') +
      '\n',
  );
  if (conflicts) out.write(conflictHint(conflicts) + '\n');
  if (report.run.stopReason) out.write(`stopped: ${report.run.stopReason}\n`);
  const failed = report.tasks.filter((t) => t.outcome === 'failed');
  for (const t of failed.slice(0, SHOWN_FAILURES)) {
    out.write(`  failed: ${t.projectId}/${t.name}: ${t.error?.code}: ` +
      `${t.error?.message}\n`);
  }
  if (failed.length > SHOWN_FAILURES) {
    out.write(`  … and ${failed.length - SHOWN_FAILURES} more failures ` +
      '(all are in the report)\n');
  }
  const names = files.map((f) => basename(f)).join(', ');
  out.write(`report: ${dirname(files[0] ?? '.')}/ (${names})\n`);
}
