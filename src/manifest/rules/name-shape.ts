/** Rules on the text of a task name. */
import { diagnostic, NONE } from '../diagnostics.js';
import type { TaskDecl } from '../model.js';
import type { Diagnostic } from '../types.js';

/** Longest task name accepted; DataWorks publishes no limit of its own. */
export const MAX_NAME_LENGTH = 128;

/** NAME_WHITESPACE: leading or trailing white space is invisible. */
export function nameWhitespace(
  task: TaskDecl,
  file: string,
): readonly Diagnostic[] {
  const name = task.name.value;
  if (name.trim() === name) return NONE;
  return [
    diagnostic('NAME_WHITESPACE', file, task.name.at,
      'the task name starts or ends with white space', {
        path: task.name.path,
        found: JSON.stringify(name),
        hint: `write ${JSON.stringify(name.trim())}`,
      }),
  ];
}

// C0 and C1 controls, and invisible format characters (bidi overrides,
// zero-width spaces) that make two names look alike.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** NAME_CONTROL_CHAR: control and invisible characters. */
export function nameControlChar(
  task: TaskDecl,
  file: string,
): readonly Diagnostic[] {
  const name = task.name.value;
  const match = INVISIBLE.exec(name);
  if (!match) return NONE;
  const code = match[0].codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return [
    diagnostic('NAME_CONTROL_CHAR', file, task.name.at,
      `the task name holds an invisible character U+${hex} at position ` +
        `${match.index + 1}`, {
        path: task.name.path,
        found: JSON.stringify(name),
        hint: 'use letters, digits, `_`, `-` and visible punctuation',
      }),
  ];
}

/** NAME_TOO_LONG: names beyond MAX_NAME_LENGTH characters. */
export function nameTooLong(
  task: TaskDecl,
  file: string,
): readonly Diagnostic[] {
  const length = [...task.name.value].length;
  if (length <= MAX_NAME_LENGTH) return NONE;
  return [
    diagnostic('NAME_TOO_LONG', file, task.name.at,
      `the task name is ${length} characters long`, {
        path: task.name.path,
        expected: `at most ${MAX_NAME_LENGTH} characters`,
        found: `${length} characters`,
      }),
  ];
}
