/**
 * Turning the paths given on the command line into the list of manifest
 * files, in a stable order. A path that is missing or holds no manifest is a
 * diagnostic, not an exception.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { diagnostic } from './diagnostics.js';
import { errorCode } from './read-file.js';
import type { Diagnostic } from './types.js';

/** A manifest file: its name as shown to the user, and where it is. */
export interface FoundFile {
  /** The path as given, or the given folder joined with the relative path. */
  display: string;
  absolute: string;
}

const MANIFEST_EXTENSION = /\.ya?ml$/i;

/** Folders never searched: version control, dependencies, our own cache. */
function skipFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/**
 * The manifest files under `paths` (files or folders, relative to `cwd`).
 * Files named directly are taken whatever their extension; folders are
 * searched recursively for *.yaml and *.yml, sorted by relative path.
 */
export async function findManifestFiles(
  paths: readonly string[],
  cwd: string,
): Promise<{ files: FoundFile[]; diagnostics: Diagnostic[] }> {
  const files: FoundFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();

  for (const given of paths) {
    const found = await expand(given, path.resolve(cwd, given), diagnostics);
    for (const file of found) {
      if (seen.has(file.absolute)) continue;
      seen.add(file.absolute);
      files.push(file);
    }
  }
  return { files, diagnostics };
}

async function expand(
  given: string,
  absolute: string,
  diagnostics: Diagnostic[],
): Promise<FoundFile[]> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(absolute)).isDirectory();
  } catch (error: unknown) {
    diagnostics.push(pathProblem(given, error));
    return [];
  }
  if (!isFolder) return [{ display: given, absolute }];

  const relative: string[] = [];
  await walk(absolute, '', relative, diagnostics, given);
  if (relative.length === 0 && diagnostics.every((d) => d.file !== given)) {
    diagnostics.push(
      diagnostic('NO_MANIFESTS', given, undefined,
        'this folder holds no manifest (*.yaml or *.yml), not even in ' +
          'subfolders', { hint: 'check the path, or name the files directly' }),
    );
  }
  relative.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return relative.map((rel) => ({
    display: joinDisplay(given, rel),
    absolute: path.join(absolute, ...rel.split('/')),
  }));
}

/** Collect `/`-separated relative paths of manifests under `root/rel`. */
async function walk(
  root: string,
  rel: string,
  out: string[],
  diagnostics: Diagnostic[],
  given: string,
): Promise<void> {
  let entries;
  try {
    entries = await readdir(path.join(root, ...rel.split('/')), {
      withFileTypes: true,
    });
  } catch (error: unknown) {
    diagnostics.push(pathProblem(joinDisplay(given, rel), error));
    return;
  }
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    // Symbolic links to folders are not followed: no loops, no surprises.
    if (entry.isDirectory()) {
      if (!skipFolder(entry.name)) {
        await walk(root, child, out, diagnostics, given);
      }
    } else if (MANIFEST_EXTENSION.test(entry.name)) {
      if (entry.isFile() || entry.isSymbolicLink()) out.push(child);
    }
  }
}

function joinDisplay(given: string, rel: string): string {
  if (!rel) return given;
  return given.endsWith('/') || given.endsWith(path.sep)
    ? `${given}${rel}`
    : `${given}/${rel}`;
}

function pathProblem(display: string, error: unknown): Diagnostic {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return diagnostic('PATH_NOT_FOUND', display, undefined,
      'no such file or folder', {
        hint: 'paths are relative to the current folder',
      });
  }
  return diagnostic('FILE_UNREADABLE', display, undefined,
    `cannot read this path (${code ?? 'unknown error'})`, {
      hint: code === 'EACCES' ? 'check its permissions' : undefined,
    });
}
