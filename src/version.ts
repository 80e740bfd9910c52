/** The tool's version, read from package.json next to the build. */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  // dist/src/version.js and src/version.ts are both two levels below.
  const url = new URL('../../package.json', import.meta.url);
  try {
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Semantic version of dwmigrate. */
export const VERSION = readVersion();
