import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { emulatorFor, runCli, tempDir, writeManifest } from './harness.js';

const KEY_ID = 'LTAI5tLeakCheckKey01';
const SECRET = 'never-print-this-secret-6f1d2c';
const TOKEN = 'sts-token-never-print-9a8b7c';

/** Every file below a folder, as text. */
async function allText(dir: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    if ((await stat(path)).isFile()) text += await readFile(path, 'utf8');
  }
  return text;
}

describe('secrets', () => {
  it('never appear in output, logs, journal or reports of a run', async () => {
    const dir = await tempDir();
    const shape = { workspaces: 2, tasksPerWorkspace: 4 };
    const manifest = await writeManifest(dir, shape);
    const emulator = await emulatorFor(shape, {
      config: {
        accounts: [
          {
            accessKeyId: KEY_ID,
            accessKeySecret: SECRET,
            securityToken: TOKEN,
          },
        ],
      },
      errorRate: 0.3,
      seed: 5,
    });
    const env = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
      ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
    };

    const ok = await runCli(['apply', '--verbose', '--log-file',
      join(dir, 'out', 'run.log'), '--endpoint', emulator.url, '--state',
      join(dir, 'state'), '--out', join(dir, 'out'), manifest], env);
    emulator.disableAccount(KEY_ID);
    const failed = await runCli(['apply', '--verbose', '--log-format', 'json',
      '--endpoint', emulator.url, '--state', join(dir, 'state2'), manifest],
      env);
    await emulator.close();
    const written = ok.stdout + ok.stderr + failed.stdout + failed.stderr +
      await allText(join(dir, 'out')) + await allText(join(dir, 'state')) +
      await allText(join(dir, 'state2'));

    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(failed.code, 3, failed.stderr);
    assert.ok(written.length > 10_000, 'the run wrote something to search');
    assert.ok(!written.includes(SECRET), 'secret leaked');
    assert.ok(!written.includes(TOKEN), 'security token leaked');
    assert.ok(!written.includes(KEY_ID), 'unmasked key ID leaked');
    assert.match(written, /LTAI\*\*\*\*ey01/);
  });
});
