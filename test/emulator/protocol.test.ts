import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  startEmulator,
  type RunningEmulator,
} from '../../src/emulator/server.js';
import {
  adminPost,
  clientFor,
  createBody,
  tasksOf,
  type ClientResult,
  createTask,
  DEMO_KEY,
} from './helpers.js';

const BIG = 9007199254740993n;
const OTHER = { accessKeyId: 'other', accessKeySecret: 'other-secret' };
const STS = {
  accessKeyId: 'STS.temp',
  accessKeySecret: 'sts-secret',
  securityToken: 'sts-token',
};

function failure(result: ClientResult): { status?: number; code?: string } {
  assert.equal(result.ok, false, 'the call should have failed');
  return { status: result.status, code: result.code };
}

describe('the API through @alicloud/openapi-client', () => {
  let emu: RunningEmulator;
  const call = (...args: Parameters<ReturnType<typeof clientFor>>) =>
    clientFor(emu.url)(...args);

  before(async () => {
    emu = await startEmulator({
      idStart: BIG,
      config: {
        accounts: [
          DEMO_KEY,
          OTHER,
          STS,
          { accessKeyId: 'off', accessKeySecret: 'off-secret', disabled: true },
        ],
        workspaces: [
          { projectId: '12345', region: 'cn-shanghai' },
          { projectId: '777', region: 'cn-shanghai', accounts: ['other'] },
        ],
      },
    });
  });
  after(() => emu.close());

  test(
    'a created task ID above 2^53 arrives exactly in the JSON text',
    async () => {
      const result = await createTask(call, '12345', 'big');

      assert.ok(result.ok);
      assert.match(result.text, /"Data":9007199254740993,/);
      assert.equal(result.data, BIG);
      const task = (await tasksOf(emu.url)).find((t) => t.name === 'big');
      assert.equal(task?.id, '9007199254740993');
    },
  );

  test('the success body carries RequestId, Data and Success', async () => {
    const result = await call('ListMigrations', {
      ProjectId: '12345',
      MigrationType: 'EXPORT',
    });

    assert.ok(result.ok);
    assert.equal(result.status, 200);
    assert.match(result.text, /^\{"RequestId":"[0-9A-F-]{36}","Data":\{/);
    assert.match(result.text, /"Success":true\}$/);
  });

  test(
    'a missing Name answers 400 MissingName and creates nothing',
    async () => {
      const before = (await tasksOf(emu.url)).length;

      const result = await call('CreateExportMigration', {
        ProjectId: '12345',
        ExportMode: 'FULL',
      });

      assert.deepEqual(failure(result), { status: 400, code: 'MissingName' });
      assert.equal((await tasksOf(emu.url)).length, before);
    },
  );

  test('a missing ProjectId answers 400 MissingProjectId', async () => {
    const result = await call('ListMigrations', { MigrationType: 'EXPORT' });

    assert.deepEqual(failure(result), {
      status: 400,
      code: 'MissingProjectId',
    });
  });

  test('a bad ExportMode answers 400 InvalidParameter', async () => {
    const result = await call(
      'CreateExportMigration',
      createBody('12345', 'mode', { ExportMode: 'PARTIAL' }),
    );

    assert.deepEqual(failure(result), {
      status: 400,
      code: 'InvalidParameter',
    });
  });

  test('an unknown action answers 404 InvalidAction.NotFound', async () => {
    const result = await call('DeleteEverything', { ProjectId: '12345' });

    assert.deepEqual(failure(result), {
      status: 404,
      code: 'InvalidAction.NotFound',
    });
  });

  test(
    'an unknown workspace answers 400 Invalid.Tenant.ProjectNotExists',
    async () => {
      const result = await createTask(call, '999', 'x');

      assert.deepEqual(failure(result), {
        status: 400,
        code: 'Invalid.Tenant.ProjectNotExists',
      });
    },
  );

  test(
    'a workspace of other accounts answers 403 Forbidden.Access',
    async () => {
      const result = await createTask(call, '777', 'x');

      assert.deepEqual(failure(result), {
        status: 403,
        code: 'Forbidden.Access',
      });
      const tasks = await tasksOf(emu.url);
      assert.equal(tasks.some((t) => t.projectId === '777'), false);
    },
  );

  test('an account listed on a workspace may use it', async () => {
    const result = await clientFor(emu.url, OTHER)(
      'CreateExportMigration',
      createBody('777', 'allowed'),
    );

    assert.ok(result.ok);
  });

  test('an unknown key answers 404 InvalidAccessKeyId.NotFound', async () => {
    const result = await clientFor(emu.url, {
      accessKeyId: 'nobody',
      accessKeySecret: 'x',
    })('ListMigrations', { ProjectId: '12345', MigrationType: 'EXPORT' });

    assert.deepEqual(failure(result), {
      status: 404,
      code: 'InvalidAccessKeyId.NotFound',
    });
  });

  test('a wrong secret answers 400 SignatureDoesNotMatch', async () => {
    const result = await clientFor(emu.url, {
      accessKeyId: 'other',
      accessKeySecret: 'wrong',
    })('ListMigrations', { ProjectId: '12345', MigrationType: 'EXPORT' });

    assert.deepEqual(failure(result), {
      status: 400,
      code: 'SignatureDoesNotMatch',
    });
  });

  test('a disabled key answers 400 InvalidAccessKeyId.Inactive', async () => {
    const result = await clientFor(emu.url, {
      accessKeyId: 'off',
      accessKeySecret: 'off-secret',
    })('ListMigrations', { ProjectId: '12345', MigrationType: 'EXPORT' });

    assert.deepEqual(failure(result), {
      status: 400,
      code: 'InvalidAccessKeyId.Inactive',
    });
  });

  test('a key revoked at run time fails its next call', async () => {
    const other = clientFor(emu.url, OTHER);
    const first = await createTask(other, '12345', 'r1');

    const response = await adminPost(emu.url, 'accounts/other/disable');
    const second = await createTask(other, '12345', 'r2');
    emu.enableAccount('other');
    const third = await createTask(other, '12345', 'r3');

    assert.ok(first.ok);
    assert.equal(response.status, 200);
    assert.equal(failure(second).code, 'InvalidAccessKeyId.Inactive');
    assert.ok(third.ok);
    const names = (await tasksOf(emu.url)).map((t) => t.name);
    assert.equal(names.includes('r2'), false);
  });

  test('an STS key works with its security token', async () => {
    const result = await clientFor(emu.url, STS)('ListMigrations', {
      ProjectId: '12345',
      MigrationType: 'EXPORT',
    });

    assert.ok(result.ok);
  });

  test('an STS key with a wrong token is refused', async () => {
    const result = await clientFor(emu.url, {
      ...STS,
      securityToken: 'stolen',
    })('ListMigrations', { ProjectId: '12345', MigrationType: 'EXPORT' });

    assert.deepEqual(failure(result), {
      status: 400,
      code: 'InvalidSecurityToken.MismatchWithAccessKey',
    });
  });

  test(
    'an error body has RequestId, HostId, Code, Message and Recommend',
    async () => {
      const result = await call('ListMigrations', { ProjectId: '12345' });

      assert.equal(result.ok, false);
      const data = (result.error as { data: Record<string, unknown> }).data;
      assert.equal(data['Code'], 'MissingMigrationType');
      for (const key of ['RequestId', 'HostId', 'Message', 'Recommend']) {
        assert.equal(typeof data[key], 'string', key);
      }
    },
  );
});
