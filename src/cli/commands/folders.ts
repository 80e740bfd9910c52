/**
 * Check the folders a run writes before it calls anything: a run that
 * creates tasks and then cannot write its report would leave the user
 * with a journal only.
 */
import { access, constants, mkdir } from 'node:fs/promises';
import { UsageError, messageOf } from '../../errors.js';

/** Create `dir` if needed and make sure it is a writable folder. */
export async function writableFolder(dir: string, flag: string) {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR'
      ? 'a file is in the way'
      : messageOf(error);
    throw new UsageError(
      `${flag} ${dir} cannot be used as a folder: ${why}`,
      'USAGE_PATH',
    );
  }
}
