import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../src/api/errors.js';

/** The shape the client library throws for an error status. */
function serviceError(status: number, code: string) {
  return Object.assign(new Error(`code: ${status}, x request id: r1`), {
    code,
    data: { Code: code, Message: 'x', RequestId: 'r1', statusCode: status },
  });
}

describe('classify', () => {
  const cases: [number, string, string][] = [
    [429, 'Throttling.User', 'throttled'],
    [400, 'Throttling.User', 'throttled'],
    [429, 'Throttling.Resource', 'quota'],
    [404, 'InvalidAccessKeyId.NotFound', 'auth'],
    [400, 'InvalidAccessKeyId.Inactive', 'auth'],
    [400, 'SignatureDoesNotMatch', 'auth'],
    [400, 'InvalidTimeStamp.Expired', 'auth'],
    [403, 'Forbidden.Access', 'permission'],
    [400, 'InvalidParameter', 'invalid'],
    [400, 'Invalid.Tenant.ProjectNotExists', 'invalid'],
    [500, 'InternalError.System', 'ambiguous'],
    [503, 'ServiceUnavailable', 'ambiguous'],
  ];
  for (const [status, code, kind] of cases) {
    it(`reads ${status} ${code} as ${kind}`, () => {
      const error = classify(serviceError(status, code));

      assert.equal(error.kind, kind);
      assert.equal(error.apiCode, code);
      assert.equal(error.httpStatus, status);
      assert.equal(error.requestId, 'r1');
    });
  }

  it('reads an HTML error page (a bare SyntaxError) as ambiguous', () => {
    const error = classify(new SyntaxError('Unexpected token <'));

    assert.equal(error.kind, 'ambiguous');
    assert.equal(error.apiCode, 'MalformedResponse');
  });

  it('reads a refused connection as unreachable: nothing was sent', () => {
    const refused = Object.assign(new Error('connect'), {
      code: 'ECONNREFUSED',
    });

    assert.equal(classify(refused).kind, 'unreachable');
  });

  it('reads a reset or a timeout as ambiguous: the call may have worked', () => {
    const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    const timeout = Object.assign(new Error('timeout'), {
      name: 'RequestTimeoutError',
    });

    assert.equal(classify(reset).kind, 'ambiguous');
    assert.equal(classify(timeout).kind, 'ambiguous');
  });
});
