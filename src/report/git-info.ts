/**
 * Which manifest revision a run used: the git commit of the repository
 * holding the manifests, and whether the manifests had uncommitted changes.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitInfo {
  commit: string;
  dirty: boolean;
}

/** Git commit and dirtiness of `paths` (in `cwd`), or null outside git. */
export async function gitInfo(
  cwd: string,
  paths: string[],
): Promise<GitInfo | null> {
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
