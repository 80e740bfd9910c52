import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { describe, test } from 'node:test';
import { isLoopback } from '../../src/emulator/http.js';
import { startEmulator } from '../../src/emulator/server.js';
import {
  adminGet,
  adminPost,
  clientFor,
  createBody,
  requestsOf,
  createTask,
} from './helpers.js';

describe('regions', () => {
  const options = {
    regionPorts: { 'cn-shanghai': 0 },
    workspaces: [
      { projectId: '1', region: 'cn-shanghai' },
      { projectId: '2', region: 'cn-beijing' },
    ],
  };

  test('a region listener serves its own region', async () => {
    const emu = await startEmulator(options);
    const url = emu.regionUrls['cn-shanghai'] ?? '';

    const result = await createTask(clientFor(url), '1', 'a');
    await emu.close();

    assert.ok(result.ok);
  });

  test(
    'a region listener does not know workspaces of other regions',
    async () => {
      const emu = await startEmulator(options);
      const url = emu.regionUrls['cn-shanghai'] ?? '';

      const result = await createTask(clientFor(url), '2', 'b');
      await emu.close();

      assert.equal(!result.ok && result.status, 400);
      assert.equal(
        !result.ok && result.code,
        'Invalid.Tenant.ProjectNotExists',
      );
      const error = !result.ok && (result.error as { data: object });
      assert.deepEqual(
        error && { HostId: (error.data as { HostId: string }).HostId },
        { HostId: 'dataworks.cn-shanghai.aliyuncs.com' },
      );
    },
  );

  test('the main listener serves every region and logs which one', async () => {
    const emu = await startEmulator(options);
    const call = clientFor(emu.url);

    const a = await createTask(call, '1', 'a');
    const b = await createTask(call, '2', 'b');
    const regions = (await requestsOf(emu.url)).map((r) => r.region);
    await emu.close();

    assert.ok(a.ok && b.ok);
    assert.deepEqual(regions, ['cn-shanghai', 'cn-beijing']);
  });

  test(
    'a call that fails authentication logs the region it was sent to',
    async () => {
      const emu = await startEmulator(options);
      const wrong = { accessKeyId: 'dwmigrate-demo', accessKeySecret: 'x' };
      const regional = emu.regionUrls['cn-shanghai'] ?? '';

      const a = await createTask(clientFor(regional, wrong), '2', 'a');
      const b = await createTask(clientFor(emu.url, wrong), '1', 'b');
      const log = await requestsOf(emu.url);
      await emu.close();

      assert.ok(!a.ok && !b.ok);
      assert.deepEqual(
        log.map((r) => [r.code, r.region]),
        [['SignatureDoesNotMatch', 'cn-shanghai'],
          ['SignatureDoesNotMatch', null]],
      );
    },
  );
});

describe('admin endpoints', () => {
  test('a workspace posted as JSON keeps an ID above 2^53', async () => {
    const emu = await startEmulator();

    const response = await fetch(`${emu.url}/__emulator/workspaces`, {
      method: 'POST',
      body: '{"projectId": 9007199254740993, "region": "cn-hangzhou"}',
    });
    const result = await clientFor(emu.url)(
      'CreateExportMigration',
      createBody('9007199254740993', 'big-ws'),
    );
    const tasks = emu.migrations();
    await emu.close();

    assert.equal(response.status, 200);
    assert.ok(result.ok);
    assert.equal(tasks[0]?.projectId, '9007199254740993');
  });

  test('a malformed workspace is refused with the reason', async () => {
    const emu = await startEmulator();

    const response = await adminPost(emu.url, 'workspaces', { region: 'x' });
    const body = (await response.json()) as { error: string };
    await emu.close();

    assert.equal(response.status, 400);
    assert.match(body.error, /projectId/);
  });

  test('an account added at run time can call at once', async () => {
    const emu = await startEmulator({
      workspaces: [{ projectId: '1', region: 'cn-shanghai' }],
    });
    const key = { accessKeyId: 'late', accessKeySecret: 'late-secret' };

    const response = await adminPost(emu.url, 'accounts', key);
    const result = await clientFor(emu.url, key)('ListMigrations', {
      ProjectId: '1',
      MigrationType: 'EXPORT',
    });
    const accounts = await adminGet<{ accessKeyId: string }[]>(
      emu.url,
      'accounts',
    );
    await emu.close();

    assert.equal(response.status, 200);
    assert.ok(result.ok);
    assert.equal(JSON.stringify(accounts).includes('late-secret'), false);
  });

  test('disabling an unknown key answers 404', async () => {
    const emu = await startEmulator();

    const response = await adminPost(emu.url, 'accounts/nobody/disable');
    await emu.close();

    assert.equal(response.status, 404);
  });

  test('an unknown admin path answers 404 and a wrong method 405', async () => {
    const emu = await startEmulator();

    const missing = await fetch(`${emu.url}/__emulator/nothing`);
    const wrong = await fetch(`${emu.url}/__emulator/requests`, {
      method: 'DELETE',
    });
    await emu.close();

    assert.equal(missing.status, 404);
    assert.equal(wrong.status, 405);
  });

  test('only loopback addresses count as loopback', () => {
    const verdicts = ['127.0.0.1', '::1', '::ffff:127.0.0.2', '10.0.0.1',
      '::ffff:192.168.1.1', undefined].map(isLoopback);

    assert.deepEqual(verdicts, [true, true, true, false, false, false]);
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  test(
    'admin endpoints refuse a peer that is not on loopback',
    { skip: external === undefined && 'no non-loopback IPv4 interface' },
    async () => {
      const emu = await startEmulator({ host: '0.0.0.0' });

      const response = await fetch(
        `http://${external}:${emu.port}/__emulator/migrations`,
      );
      await emu.close();

      assert.equal(response.status, 403);
    },
  );
});
