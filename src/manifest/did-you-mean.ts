/**
 * "Did you mean" for misspelt keys, enum values and regions: the closest
 * allowed word by edit distance, where a swap of two neighbouring letters
 * counts as one edit (optimal string alignment).
 */

/** Edit distance with adjacent transpositions counted as one edit. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;

  // Three rolling rows: the transposition step looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] ?? 0;
}

/** Case, `_` and `-` do not matter when comparing keys. */
function fold(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, '');
}

/**
 * The allowed word closest to `word`, or undefined when none is close: at
 * most one edit for short words, a third of the length for longer ones.
 * `synonyms` maps words people use for the same thing (`tasks` → `exports`).
 */
export function didYouMean(
  word: string,
  allowed: readonly string[],
  synonyms: Readonly<Record<string, string>> = {},
): string | undefined {
  const folded = fold(word);
  const synonym = synonyms[folded];
  if (synonym !== undefined && allowed.includes(synonym)) return synonym;

  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(folded.length / 3));
  for (const candidate of allowed) {
    const distance = editDistance(folded, fold(candidate));
    if (distance === 0) return candidate;
    if (distance <= bestDistance && candidate !== word) {
      if (distance < bestDistance || best === undefined) best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Words people write for manifest keys, folded, with the real key. */
export const KEY_SYNONYMS: Readonly<Record<string, string>> = {
  tasks: 'exports',
  export: 'exports',
  jobs: 'exports',
  workspace: 'workspaces',
  projects: 'workspaces',
  project: 'projectId',
  workspaceid: 'projectId',
  id: 'projectId',
  mode: 'exportMode',
  type: 'exportMode',
  since: 'incrementalSince',
  starttime: 'incrementalSince',
  status: 'exportObjectStatus',
  objectstatus: 'exportObjectStatus',
  regionid: 'region',
  title: 'label',
  desc: 'description',
  default: 'defaults',
};
