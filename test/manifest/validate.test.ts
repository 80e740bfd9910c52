import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  parseValidateArgs,
  validateCommand,
} from '../../src/cli/commands/validate.js';
import { EXIT, UsageError } from '../../src/errors.js';
import { fakeContext, FIXTURES, REPO_ROOT, withTempDir } from './helpers.js';

const BAD = path.join(FIXTURES, 'bad');

async function validate(argv: string[], cwd = REPO_ROOT) {
  const run = fakeContext(argv, cwd);
  const code = await validateCommand.run(run.ctx);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('dwmigrate validate', () => {
  it('finds the sample manifests clean, without a warning', async () => {
    const { code, stdout } = await validate(['--no-cache', 'manifests/']);

    assert.equal(stdout,
      'manifests OK: 8 workspaces, 64 tasks in 3 files\n');
    assert.equal(code, EXIT.ok);
  });

  it('describes the samples as promised: two regions, both modes', async () => {
    const { stdout } = await validate(['--no-cache', '--format', 'json',
      'manifests/']);

    const report = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(report['valid'], true);
    assert.equal(report['files'], 3);
    assert.ok((report['tasks'] as number) >= 60);
  });

  it('prints every problem and a summary, and exits 2', async () => {
    const { code, stdout } = await validate(['--no-cache',
      path.join(BAD, 'many-problems.yaml')]);

    assert.equal(code, EXIT.usage);
    assert.match(stdout,
      /UNKNOWN_KEY[\s\S]*INVALID_VALUE[\s\S]*SINCE_REQUIRED/);
    assert.match(stdout, /\n5 errors in 1 file\n$/);
  });

  it('passes warnings unless --strict is given', async () => {
    const file = path.join(BAD, 'yaml11-name-no.yaml');

    const lenient = await validate(['--no-cache', file]);
    const strict = await validate(['--no-cache', '--strict', file]);

    assert.equal(lenient.code, EXIT.ok);
    assert.match(lenient.stdout, /manifests OK: .*; 1 warning\n$/);
    assert.equal(strict.code, EXIT.usage);
    assert.match(strict.stdout, /--strict: warnings fail/);
  });

  it('prints GitHub annotations with --format github', async () => {
    const { stdout } = await validate(['--no-cache', '--format=github',
      path.join(BAD, 'invalid-export-mode.yaml')]);

    assert.match(stdout,
      /^::error file=.*export-mode\.yaml,line=7,col=21,.*INVALID_VALUE/m);
  });

  it('prints one JSON document with --format json', async () => {
    const { stdout } = await validate(['--no-cache', '--format', 'json',
      path.join(BAD, 'duplicate-name.yaml')]);

    const report = JSON.parse(stdout) as {
      valid: boolean;
      diagnostics: { code: string; line: number; related: unknown[] }[];
    };
    assert.equal(report.valid, false);
    assert.equal(report.diagnostics[0]?.code, 'DUPLICATE_NAME');
    assert.equal(report.diagnostics[0]?.related.length, 1);
  });

  it('reports a missing path instead of failing', async () => {
    const { code, stdout } = await validate(['--no-cache', 'no/such/dir']);

    assert.equal(code, EXIT.usage);
    assert.match(stdout, /no\/such\/dir: error PATH_NOT_FOUND/);
  });

  it('writes its cache under the given folder', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(REPO_ROOT, 'manifests');

      const cold = await validate(['--cache', 'c', file], dir);
      const warm = await validate(['--cache', 'c', file], dir);

      assert.equal(warm.stdout, cold.stdout);
      assert.equal(warm.code, EXIT.ok);
    });
  });

  it('shows help with examples on --help', async () => {
    const { code, stdout } = await validate(['--help']);

    assert.equal(code, EXIT.ok);
    assert.match(stdout, /Usage: dwmigrate validate/);
    assert.match(stdout, /Examples:/);
  });
});

describe('validate arguments', () => {
  it('need at least one path', async () => {
    await assert.rejects(validate([]), UsageError);
  });

  it('refuse an unknown option with a suggestion', () => {
    assert.throws(() => parseValidateArgs(['--stirct', 'm']),
      /unknown option --stirct \(did you mean --strict\?\)/);
  });

  it('refuse an unknown format with a suggestion', () => {
    assert.throws(() => parseValidateArgs(['--format', 'jsn', 'm']),
      /one of text, json, github, not "jsn" \(did you mean json\?\)/);
  });

  it('take paths after -- even when they look like options', () => {
    const args = parseValidateArgs(['--', '--odd-name.yaml']);

    assert.deepEqual(args.paths, ['--odd-name.yaml']);
  });

  it('use the default cache folder unless told otherwise', () => {
    assert.equal(parseValidateArgs(['m']).cacheDir, '.dwmigrate/cache');
    assert.equal(parseValidateArgs(['--no-cache', 'm']).cacheDir, undefined);
    assert.equal(parseValidateArgs(['--cache=x', 'm']).cacheDir, 'x');
  });
});
