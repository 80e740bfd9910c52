import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import {
  parseConfig,
  parseConfigText,
  parseLatency,
} from '../../src/emulator/config.js';
import { resolveSettings } from '../../src/emulator/settings.js';
import { UsageError } from '../../src/errors.js';
import { DEFAULT_READ_TIMEOUT_MS } from '../../src/api/timeouts.js';

describe('the emulator config', () => {
  test('the shipped example is valid', async () => {
    const text = await readFile('examples/emulator.yaml', 'utf8');

    const config = parseConfigText(text, 'examples/emulator.yaml');

    assert.equal(config.workspaces.length, 3);
    assert.equal(config.regions['cn-beijing']?.port, 8082);
  });

  test('a projectId above 2^53 keeps every digit', () => {
    const config = parseConfigText(
      'workspaces:\n  - projectId: 9007199254740993\n    region: cn-beijing\n',
      'c.yaml',
    );

    assert.equal(config.workspaces[0]?.projectId, '9007199254740993');
  });

  test('every problem is listed with its line and column', () => {
    const text = [
      'accounts:',
      '  - accessKeyId: a',
      'workspaces:',
      '  - projectId: -4',
      '    region: Shanghai',
      'faults:',
      '  errorRate: 2',
      'limitz: {}',
    ].join('\n');

    const error = catchError(() => parseConfigText(text, 'bad.yaml'));

    assert.ok(error instanceof UsageError);
    assert.equal(error.code, 'EMULATOR_CONFIG');
    assert.match(error.message, /5 problems/);
    assert.match(error.message, /bad\.yaml:2:5 accounts\[0\]\.accessKeySecret/);
    assert.match(error.message, /bad\.yaml:4:16 workspaces\[0\]\.projectId/);
    assert.match(error.message, /bad\.yaml:5:13 workspaces\[0\]\.region/);
    assert.match(error.message, /bad\.yaml:7:14 faults\.errorRate/);
    assert.match(error.message, /bad\.yaml:8:1 limitz: unknown key/);
  });

  test('fault rates may not add up to more than 1', () => {
    const result = parseConfig({ faults: { errorRate: 0.6, loseRate: 0.6 } });

    assert.equal(result.ok, false);
    assert.match(
      !result.ok ? (result.problems[0]?.message ?? '') : '',
      /add up to 1\.2/,
    );
  });

  test('a workspace may only name declared accounts', () => {
    const result = parseConfig({
      workspaces: [{ projectId: 1, region: 'cn-shanghai', accounts: ['x'] }],
    });

    assert.equal(result.ok, false);
  });

  test('latency reads "MS" and "MIN-MAX"', () => {
    assert.deepEqual(parseLatency('40'), { min: 40, max: 40 });
    assert.deepEqual(parseLatency('5-50'), { min: 5, max: 50 });
    assert.equal(parseLatency('50-5'), undefined);
    assert.equal(parseLatency('fast'), undefined);
  });

  test('flat options override the config', () => {
    const settings = resolveSettings({
      config: { limits: { writeQps: 3 }, migrations: { idStart: 10 } },
      writeQps: 7,
    });

    assert.equal(settings.rates.writeQps, 7);
    assert.equal(settings.rates.readQps, 50);
    assert.equal(settings.idStart, 10n);
  });

  test('a held reply outlasts the default --timeout of dwmigrate', () => {
    const settings = resolveSettings({ loseMode: 'delay' });

    assert.ok(settings.faults.loseDelayMs > DEFAULT_READ_TIMEOUT_MS);
  });

  test('without accounts only the demo key is accepted', () => {
    const settings = resolveSettings({});

    assert.deepEqual(
      settings.accounts.map((a) => a.accessKeyId),
      ['dwmigrate-demo'],
    );
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error: unknown) {
    return error;
  }
  assert.fail('expected an error');
}
