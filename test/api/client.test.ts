import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import Credential from '@alicloud/credentials';
import { DataWorksClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import {
  DEMO_ACCESS_KEY_ID,
  DEMO_ACCESS_KEY_SECRET,
  startEmulator,
} from '../../src/emulator/server.js';
import type {
  EmulatorOptions,
  RunningEmulator,
} from '../../src/emulator/server.js';

const WS = { projectId: '42', region: 'cn-hangzhou' };
const TASK = { projectId: '42', name: 'a', exportMode: 'FULL' as const };

function demoCredential(): Credential.default {
  return new Credential.default(
    new Credential.Config({
      type: 'access_key',
      accessKeyId: DEMO_ACCESS_KEY_ID,
      accessKeySecret: DEMO_ACCESS_KEY_SECRET,
    }),
  );
}

function clientFor(emulator: RunningEmulator, readTimeoutMs = 2_000) {
  return new DataWorksClient({
    credential: demoCredential(),
    endpoints: { all: emulator.url },
    readTimeoutMs,
  });
}

/** The ApiError a call rejects with; fails the test if it resolves. */
async function rejection(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error: unknown) {
    assert.ok(error instanceof ApiError);
    return error;
  }
  assert.fail('the call should have failed');
}

async function failureOf(
  options: EmulatorOptions,
  readTimeoutMs?: number,
): Promise<ApiError> {
  const emulator = await startEmulator({ workspaces: [WS], ...options });
  try {
    await clientFor(emulator, readTimeoutMs)
      .createExportMigration('cn-hangzhou', TASK);
  } catch (error: unknown) {
    assert.ok(error instanceof ApiError);
    return error;
  } finally {
    await emulator.close();
  }
  assert.fail('the call should have failed');
}

describe('DataWorksClient through the real client library', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({
      workspaces: [WS],
      idStart: '9007199254740993',
    });
  });
  after(() => emulator.close());

  it('creates a task and lists it with its exact long ID', async () => {
    const client = clientFor(emulator);

    const created = await client.createExportMigration('cn-hangzhou', TASK);
    const page = await client.listExportMigrations('cn-hangzhou', '42', 1);

    assert.equal(created.taskId, '9007199254740993');
    assert.equal(page.migrations[0]?.id, '9007199254740993');
    assert.equal(page.totalCount, 1);
  });

  it('reads an unknown workspace as a request that will fail again', async () => {
    const client = clientFor(emulator);

    const error = await rejection(
      client.createExportMigration('cn-hangzhou', { ...TASK, projectId: '7' }),
    );

    assert.equal(error.kind, 'invalid');
    assert.equal(error.apiCode, 'Invalid.Tenant.ProjectNotExists');
  });

  it('leaves no read timer armed once an answer is read', async () => {
    const client = clientFor(emulator, 60_000);
    const sent: http.ClientRequest[] = [];
    const request = http.request;
    http.request = ((...args: Parameters<typeof http.request>) => {
      const req = request(...args);
      sent.push(req);
      return req;
    }) as typeof http.request;

    try {
      await client.listExportMigrations('cn-hangzhou', '42', 1);
    } finally {
      http.request = request;
    }
    await new Promise((resolve) => setImmediate(resolve));

    // An armed timer would keep the finished request in memory for the
    // whole read timeout.
    const socket = sent[0]?.socket as unknown as Record<symbol, unknown>;
    const timer = Object.getOwnPropertySymbols(socket)
      .find((key) => key.description === 'TIMER::READ_TIMER');
    assert.ok(timer, 'the client library keeps no read timer any more');
    assert.equal(socket[timer], null);
  });
});

describe('failures as the runner sees them', () => {
  it('reads a 5xx as ambiguous', async () => {
    const error = await failureOf({ errorRate: 1 });

    assert.equal(error.kind, 'ambiguous');
    assert.ok(error.httpStatus === 500 || error.httpStatus === 503);
  });

  it('reads a reset connection as ambiguous', async () => {
    const error = await failureOf({ resetRate: 1 });

    assert.equal(error.kind, 'ambiguous');
    assert.equal(error.apiCode, 'ECONNRESET');
  });

  it('reads a reply slower than the timeout as ambiguous', async () => {
    const error = await failureOf(
      { loseRate: 1, loseMode: 'delay', loseDelayMs: 1_500 },
      300,
    );

    assert.equal(error.kind, 'ambiguous');
  });

  it('reads an HTML 502 page as ambiguous', async () => {
    const error = await failureOf({ html502Rate: 1 });

    assert.equal(error.kind, 'ambiguous');
    assert.equal(error.apiCode, 'MalformedResponse');
  });

  it('reads throttling with the retry-after hint of its header', async () => {
    const emulator = await startEmulator({ workspaces: [WS], writeQps: 1 });
    const client = clientFor(emulator);
    await client.createExportMigration('cn-hangzhou', TASK);

    const error = await rejection(
      client.createExportMigration('cn-hangzhou', { ...TASK, name: 'b' }),
    );
    await emulator.close();

    assert.equal(error.kind, 'throttled');
    assert.equal(error.apiCode, 'Throttling.User');
    assert.ok((error.retryAfterMs ?? 0) > 0);
  });

  it('reads a disabled key as fatal for the run', async () => {
    const emulator = await startEmulator({ workspaces: [WS] });
    emulator.disableAccount(DEMO_ACCESS_KEY_ID);

    const error = await rejection(
      clientFor(emulator).createExportMigration('cn-hangzhou', TASK),
    );
    await emulator.close();

    assert.equal(error.kind, 'auth');
    assert.equal(error.apiCode, 'InvalidAccessKeyId.Inactive');
  });

  it('reads a refused connection as unreachable', async () => {
    const client = new DataWorksClient({
      credential: demoCredential(),
      endpoints: { all: 'http://127.0.0.1:1' },
    });

    const error = await rejection(
      client.createExportMigration('cn-hangzhou', TASK),
    );

    assert.equal(error.kind, 'unreachable');
  });
});
