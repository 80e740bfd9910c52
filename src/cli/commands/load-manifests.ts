/** Load manifests for a command that calls the API; explain failures. */
import { loadManifests } from '../../manifest/load.js';
import type { LoadResult } from '../../manifest/types.js';
import type { CommandContext } from '../context.js';

type Loaded = Extract<LoadResult, { ok: true }>;

/** The loaded manifests, or null after printing every problem. */
export async function loadOrExplain(
  paths: string[],
  ctx: CommandContext,
): Promise<Loaded | null> {
  const result = await loadManifests(paths);
  for (const d of result.diagnostics) {
    ctx.stderr.write(
      `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ` +
        `${d.message}\n`,
    );
  }
  if (result.ok) return result;
  ctx.stderr.write('dwmigrate: manifests invalid; no API call was made\n');
  return null;
}
