/** Rules on a workspace's projectId, read from its source text. */
import { diagnostic, NONE } from '../diagnostics.js';
import type { WorkspaceDecl } from '../model.js';
import type { Diagnostic } from '../types.js';

/** DataWorks takes ProjectId as a Java long. */
const MAX_LONG = 2n ** 63n - 1n;

/** PROJECT_ID_FORMAT: plain decimal digits, positive, no leading zero. */
export function projectIdFormat(
  ws: WorkspaceDecl,
  file: string,
): readonly Diagnostic[] {
  const { value, at, path } = ws.projectId;
  const problem = formatProblem(value);
  if (!problem) return NONE;
  return [
    diagnostic('PROJECT_ID_FORMAT', file, at,
      `projectId ${problem.reason}`, {
        path,
        expected: 'a positive whole number in plain decimal digits',
        found: value,
        hint: problem.hint,
      }),
  ];
}

function formatProblem(
  text: string,
): { reason: string; hint?: string } | undefined {
  if (/^[1-9]\d*$/.test(text)) return undefined;
  if (/^0+$/.test(text)) return { reason: 'must be positive' };
  if (/^0\d+$/.test(text)) {
    const decimal = text.replace(/^0+/, '');
    return {
      reason: 'has a leading zero, which YAML 1.1 tools read as octal',
      hint: `write ${decimal} if that is the workspace ID`,
    };
  }
  if (/^\d[\d_]*$/.test(text)) {
    return {
      reason: 'has underscores, which YAML 1.2 reads as text',
      hint: `write ${text.replace(/_/g, '')}`,
    };
  }
  return {
    reason: 'is not written in plain decimal digits',
    hint: 'copy the ID as shown in the DataWorks console, e.g. 10001',
  };
}

/** PROJECT_ID_RANGE: at most 2^63 - 1, the largest Java long. */
export function projectIdRange(
  ws: WorkspaceDecl,
  file: string,
): readonly Diagnostic[] {
  const { value, at, path } = ws.projectId;
  if (!/^[1-9]\d*$/.test(value) || BigInt(value) <= MAX_LONG) return NONE;
  return [
    diagnostic('PROJECT_ID_RANGE', file, at,
      'projectId is larger than any DataWorks workspace ID can be', {
        path,
        expected: `at most ${MAX_LONG}`,
        found: value,
      }),
  ];
}
