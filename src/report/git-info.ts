/**
 * Which manifest revision a run used: the git commit of the repository
 * holding the manifests, and whether the manifests had uncommitted changes.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitInfo {
  commit: string;
  dirty: boolean;
}

/** The folder git should run in: where the first manifest path is. */
async function repoDir(paths: string[]): Promise<string> {
  const first = paths[0] ?? '.';
  try {
    return (await stat(first)).isDirectory() ? first : dirname(first);
  } catch {
    return dirname(first);
  }
}

/** Git commit and dirtiness of absolute `paths`, or null outside git. */
export async function gitInfo(paths: string[]): Promise<GitInfo | null> {
  const cwd = await repoDir(paths);
  try {
    const head = await run('git', ['rev-parse', 'HEAD'], { cwd });
    const status = await run(
      'git',
      ['status', '--porcelain', '--', ...paths],
      { cwd },
    );
    return { commit: head.stdout.trim(), dirty: status.stdout.trim() !== '' };
  } catch {
    // Not a repository, no commit yet, or no git: nothing to record.
    return null;
  }
}
