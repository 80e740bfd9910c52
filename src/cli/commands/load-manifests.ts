/** Load manifests for a command that calls the API; explain failures. */
import { formatDiagnostics } from '../../manifest/diagnostics.js';
import { loadManifests } from '../../manifest/load.js';
import type { LoadResult } from '../../manifest/types.js';
import type { CommandContext } from '../context.js';

type Loaded = Extract<LoadResult, { ok: true }>;

/**
 * The loaded manifests, or null after printing every problem (to stderr:
 * for plan and apply, diagnostics are not the result).
 */
export async function loadOrExplain(
  paths: string[],
  ctx: CommandContext,
): Promise<Loaded | null> {
  const result = await loadManifests(paths, {
    cwd: ctx.cwd,
    logger: ctx.logger,
  });
  ctx.stderr.write(formatDiagnostics(result.diagnostics, 'text'));
  if (result.ok) return result;

  ctx.stderr.write(
    'dwmigrate: the manifests have errors (listed above); ' +
      'no API call was made\n',
  );
  return null;
}
