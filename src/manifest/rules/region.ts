/** Rules on a workspace entry's region. */
import { diagnostic, NONE } from '../diagnostics.js';
import { didYouMean } from '../did-you-mean.js';
import type { WorkspaceDecl } from '../model.js';
import { isKnownRegion, KNOWN_REGIONS } from '../regions.js';
import type { Diagnostic } from '../types.js';

/** MISSING_REGION: every workspace entry needs a region, own or default. */
export function missingRegion(
  ws: WorkspaceDecl,
  file: string,
): readonly Diagnostic[] {
  if (ws.region || ws.regionTainted) return NONE;
  return [
    diagnostic('MISSING_REGION', file, ws.projectId.at,
      `workspace ${ws.projectId.value} has no region`, {
        path: `${ws.path}.region`,
        expected: 'a region, e.g. cn-hangzhou',
        found: 'none, and no defaults.region in this document',
        hint: 'add `region:` to the workspace or to the document defaults',
      }),
  ];
}

/** UNKNOWN_REGION: a well-formed region DataWorks is not known to serve. */
export function unknownRegion(
  ws: WorkspaceDecl,
  file: string,
): readonly Diagnostic[] {
  if (!ws.region || isKnownRegion(ws.region.value)) return NONE;
  const guess = didYouMean(ws.region.value, KNOWN_REGIONS);
  return [
    diagnostic('UNKNOWN_REGION', file, ws.region.at,
      `DataWorks is not known to serve the region "${ws.region.value}"`, {
        path: ws.region.path,
        found: `"${ws.region.value}"`,
        hint: guess
          ? `did you mean "${guess}"?`
          : 'if the region is new, set its endpoint explicitly when running',
      }),
  ];
}
