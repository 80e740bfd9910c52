/** Write a report's files into a folder, each atomically. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv } from './csv.js';
import { toHtml } from './html.js';
import { toJunit } from './junit.js';
import { toMarkdown } from './markdown.js';
import type { Report } from './model.js';

async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}

/**
 * Write report.json, report.csv, report.md, report.html and junit.xml;
 * returns their paths in that order.
 */
export async function writeReport(
  report: Report,
  outDir: string,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: [string, string][] = [
    ['report.json', JSON.stringify(report, null, 2) + '\n'],
    ['report.csv', toCsv(report)],
    ['report.md', toMarkdown(report)],
    ['report.html', toHtml(report)],
    ['junit.xml', toJunit(report)],
  ];
  for (const [name, text] of files) {
    await writeAtomic(join(outDir, name), text);
  }
  return files.map(([name]) => join(outDir, name));
}
