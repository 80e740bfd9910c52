/** Load manifests for a command that calls the API; explain failures. */
import {
  countDiagnostics,
  describeCounts,
  formatDiagnostics,
} from '../../manifest/diagnostics.js';
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

  explainFailure(result, ctx);
  return null;
}

/**
 * The summary line validate prints, and one log entry for `--log-file`,
 * so an unattended run records why it stopped. Counts only: a diagnostic
 * could sit next to a secret, so none of them is logged.
 */
function explainFailure(result: LoadResult, ctx: CommandContext): void {
  const counts = countDiagnostics(result.diagnostics);
  ctx.stderr.write(`\n${describeCounts(counts)}\n`);
  ctx.logger.error('manifests invalid', {
    errors: counts.errors,
    warnings: counts.warnings,
    files: counts.files,
  });
  ctx.stderr.write(
    'dwmigrate: the manifests have errors (listed above); ' +
      'no API call was made\n',
  );
}
