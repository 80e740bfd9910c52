import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseEndpointFlags,
  resolveEndpoint,
} from '../../src/api/endpoints.js';
import { longToString, parseLossless } from '../../src/api/lossless-json.js';

describe('endpoints', () => {
  it('uses the documented public endpoint of a region', () => {
    const e = resolveEndpoint('cn-shanghai');

    assert.equal(e.host, 'dataworks.cn-shanghai.aliyuncs.com');
    assert.equal(e.protocol, 'https');
  });

  it('sends SDK-central regions to the central endpoint', () => {
    assert.equal(resolveEndpoint('cn-qingdao').host, 'dataworks.aliyuncs.com');
  });

  it('prefers a per-region override over the global one', () => {
    const overrides = parseEndpointFlags([
      'http://127.0.0.1:8080',
      'cn-shanghai=http://127.0.0.1:9090',
    ]);

    const shanghai = resolveEndpoint('cn-shanghai', overrides);
    const hangzhou = resolveEndpoint('cn-hangzhou', overrides);
    assert.equal(shanghai.host, '127.0.0.1:9090');
    assert.equal(hangzhou.host, '127.0.0.1:8080');
    assert.equal(hangzhou.protocol, 'http');
  });

  it('asks for the scheme rather than guessing it', () => {
    assert.throws(() => parseEndpointFlags(['notaurl']), /give the scheme/);
  });

  it('refuses two endpoints for every region', () => {
    assert.throws(
      () => parseEndpointFlags(['http://a:1', 'http://b:2']),
      /given twice/,
    );
  });

  it('refuses an endpoint that is not a URL', () => {
    assert.throws(() => parseEndpointFlags(['ftp://x']), /only http and https/);
  });
});

describe('lossless JSON', () => {
  it('keeps a task ID above 2^53 exact', () => {
    const body = parseLossless('{"Data": 9007199254740993}') as {
      Data: unknown;
    };

    assert.equal(longToString(body.Data), '9007199254740993');
  });

  it('keeps small integers as numbers', () => {
    const body = parseLossless('{"Data": 42}') as { Data: unknown };

    assert.equal(body.Data, 42);
    assert.equal(longToString(body.Data), '42');
  });
});
