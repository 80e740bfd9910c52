/** Placeholder: replaced by the manifest stage. */
import type { LoadResult } from './types.js';

/** Load, validate and normalise every manifest under the given paths. */
export async function loadManifests(paths: string[]): Promise<LoadResult> {
  void paths;
  return { ok: true, files: [], workspaces: [], tasks: [], diagnostics: [] };
}
