// `make run`'s last check: the emulator's own list agrees with the report,
// one for one (same names, same task IDs, nothing extra on the server).
import { readFile } from 'node:fs/promises';

const [reportPath, emulatorUrl] = process.argv.slice(2);
const report = JSON.parse(await readFile(reportPath, 'utf8'));
const response = await fetch(`${emulatorUrl}/__emulator/migrations`);
const server = await response.json();

const key = (projectId, name) => `${projectId}/${name}`;
const onServer = new Map(server.map((m) => [key(m.projectId, m.name), m.id]));
const mismatches = report.tasks.filter(
  (t) => onServer.get(key(t.projectId, t.name)) !== t.taskId,
);
const extra = server.length - report.tasks.length;

if (mismatches.length > 0 || extra !== 0) {
  console.error(`emulator and report disagree: ${mismatches.length} ` +
    `tasks differ, ${extra} extra tasks on the emulator`);
  process.exit(1);
}
console.log(`emulator agrees: ${report.tasks.length} of ` +
  `${report.tasks.length} task IDs match, nothing extra`);
