import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  canonicalQuery,
  canonicalRequest,
  parseAuthorization,
} from '../../src/emulator/signature.js';
import {
  startEmulator,
  type RunningEmulator,
} from '../../src/emulator/server.js';
import { codeOf, isoSeconds, rawCall, tasksOf } from './helpers.js';

const LIST = 'ProjectId=12345&MigrationType=EXPORT';
const CREATE = 'ProjectId=12345&Name=raw&ExportMode=FULL';

describe('signature checks on hand-made requests', () => {
  let emu: RunningEmulator;

  before(async () => {
    emu = await startEmulator({
      workspaces: [{ projectId: '12345', region: 'cn-shanghai' }],
    });
  });
  after(() => emu.close());

  test('a correctly signed raw request succeeds', async () => {
    const result = await rawCall(emu.url, { body: LIST });

    assert.equal(result.status, 200);
  });

  test(
    'a request without Authorization answers 400 IncompleteSignature',
    async () => {
      const result = await rawCall(emu.url, { body: LIST, unsigned: true });

      assert.equal(result.status, 400);
      assert.equal(codeOf(result), 'IncompleteSignature');
    },
  );

  test(
    'an unsigned x-acs- header answers 400 IncompleteSignature',
    async () => {
      const result = await rawCall(emu.url, {
        body: LIST,
        unsignedHeaders: { 'x-acs-security-token': 'added-later' },
      });

      assert.equal(result.status, 400);
      assert.equal(codeOf(result), 'IncompleteSignature');
    },
  );

  test('a payload hash that does not match the body is refused', async () => {
    const result = await rawCall(emu.url, {
      action: 'CreateExportMigration',
      body: CREATE,
      payloadHash: 'a'.repeat(64),
    });

    assert.equal(result.status, 400);
    assert.equal(codeOf(result), 'SignatureDoesNotMatch');
    assert.equal((await tasksOf(emu.url)).length, 0);
  });

  test('a signature made with another secret is refused', async () => {
    const result = await rawCall(emu.url, { body: LIST, signWith: 'guess' });

    assert.equal(result.status, 400);
    assert.equal(codeOf(result), 'SignatureDoesNotMatch');
  });

  test('an unknown key in crafted headers answers 404', async () => {
    const result = await rawCall(emu.url, {
      body: LIST,
      key: { accessKeyId: 'ghost', accessKeySecret: 'boo' },
    });

    assert.equal(result.status, 404);
    assert.equal(codeOf(result), 'InvalidAccessKeyId.NotFound');
  });

  test(
    'a date 16 minutes off answers 400 InvalidTimeStamp.Expired',
    async () => {
      const date = isoSeconds(new Date(Date.now() - 16 * 60 * 1000));

      const result = await rawCall(emu.url, { body: LIST, date });

      assert.equal(result.status, 400);
      assert.equal(codeOf(result), 'InvalidTimeStamp.Expired');
    },
  );

  test('a date 14 minutes off is still accepted', async () => {
    const date = isoSeconds(new Date(Date.now() + 14 * 60 * 1000));

    const result = await rawCall(emu.url, { body: LIST, date });

    assert.equal(result.status, 200);
  });

  test(
    'a reused nonce answers 400 SignatureNonceUsed and has no effect',
    async () => {
      const nonce = 'f'.repeat(32);
      const options = { action: 'CreateExportMigration', body: CREATE, nonce };

      const first = await rawCall(emu.url, options);
      const replay = await rawCall(emu.url, options);

      assert.equal(first.status, 200);
      assert.equal(replay.status, 400);
      assert.equal(codeOf(replay), 'SignatureNonceUsed');
      assert.equal((await tasksOf(emu.url)).length, 1);
    },
  );
});

describe('signature building blocks', () => {
  test('the Authorization header is split into its parts', () => {
    const parsed = parseAuthorization(
      'ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;x-acs-date,' +
        'Signature=abc',
    );

    assert.deepEqual(parsed, {
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: 'AK',
      signedHeaders: ['host', 'x-acs-date'],
      signature: 'abc',
    });
  });

  test('a header without Signature is not an Authorization', () => {
    const parsed = parseAuthorization('ACS3-HMAC-SHA256 Credential=AK');

    assert.equal(parsed, undefined);
  });

  test('the canonical query sorts keys and encodes per RFC 3986', () => {
    assert.equal(canonicalQuery('b=2&a=x%20y*'), 'a=x%20y%2A&b=2');
  });

  test('the canonical request has the six parts of the contract', () => {
    const text = canonicalRequest({
      method: 'post',
      path: '/',
      query: '',
      headers: { host: 'h:1', 'x-acs-date': ' d ' },
      signedHeaders: ['x-acs-date', 'host'],
      payloadHash: 'p',
    });

    assert.equal(
      text,
      'POST\n/\n\nhost:h:1\nx-acs-date:d\n\nhost;x-acs-date\np',
    );
  });
});
