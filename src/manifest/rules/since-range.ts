/**
 * incrementalSince must lie between 2009-01-01 and now. It is checked on
 * every run, never cached: "now" moves.
 */
import { diagnostic } from '../diagnostics.js';
import type { LoadedFile, Written } from '../model.js';
import { EARLIEST_SINCE_MS, looksLikeSeconds } from '../timestamps.js';
import type { Diagnostic } from '../types.js';

/** SINCE_IN_FUTURE and SINCE_TOO_EARLY, once per place written. */
export function sinceRange(
  files: readonly LoadedFile[],
  now: number,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Defaults share one Written object among their tasks: check it once.
  const seen = new Set<Written<number>>();
  for (const { file, workspaces } of files) {
    for (const ws of workspaces) {
      for (const task of ws.tasks) {
        const since = task.incrementalSince;
        // A FULL task ignores the value; SINCE_IGNORED covers that case.
        if (!since || task.exportMode?.value !== 'INCREMENTAL') continue;
        if (seen.has(since)) continue;
        seen.add(since);
        const problem = outOfRange(file, since, now);
        if (problem) out.push(problem);
      }
    }
  }
  return out;
}

/** ISO 8601 text, or the number itself beyond what Date can show. */
function iso(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

function outOfRange(
  file: string,
  since: Written<number>,
  now: number,
): Diagnostic | undefined {
  if (since.value <= now && since.value >= EARLIEST_SINCE_MS) return undefined;
  const shown = iso(since.value);
  if (since.value > now) {
    return diagnostic('SINCE_IN_FUTURE', file, since.at,
      `incrementalSince ${shown} is in the future`, {
        path: since.path,
        expected: `a moment before now (${iso(now)})`,
        found: shown,
        hint: 'an incremental export starts from a past moment',
      });
  }
  if (since.value < EARLIEST_SINCE_MS) {
    const seconds = looksLikeSeconds(since.value);
    return diagnostic('SINCE_TOO_EARLY', file, since.at,
      `incrementalSince ${seconds ? since.value : shown} is before ` +
        '2009-01-01, earlier than any DataWorks workspace', {
        path: since.path,
        expected: 'a moment from 2009-01-01 on',
        found: seconds ? `${since.value} (${shown} as milliseconds)` : shown,
        hint: seconds
          ? 'this looks like epoch seconds; in milliseconds: ' +
            String(since.value * 1000)
          : 'check the year',
      });
  }
  return undefined;
}
