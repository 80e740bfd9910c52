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

/** A service error with the service's own message text. */
function withText(status: number, code: string, text: string) {
  return Object.assign(new Error(`code: ${status}`), {
    code,
    data: { Code: code, Message: text, RequestId: 'r2', statusCode: status },
  });
}

const STRING_TO_SIGN = 'Specified signature does not match our ' +
  'calculation. Server string to sign is: "ACS3-HMAC-SHA256\\n169d"';

describe('messages of rejected credentials', () => {
  it('say what a bad signature means, once, without the string to sign',
    () => {
      const error = classify(
        withText(400, 'SignatureDoesNotMatch', STRING_TO_SIGN),
      );

      assert.equal(error.apiCode, 'SignatureDoesNotMatch');
      assert.doesNotMatch(error.message, /SignatureDoesNotMatch/);
      assert.doesNotMatch(error.message, /string to sign|ACS3/);
      assert.match(error.message, /secret does not match the key ID/);
      assert.match(error.message, /ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    });

  const hints: [number, string, RegExp][] = [
    [404, 'InvalidAccessKeyId.NotFound', /ALIBABA_CLOUD_ACCESS_KEY_ID/],
    [400, 'InvalidAccessKeyId.Inactive', /disabled.*RAM console/],
    [400, 'InvalidTimeStamp.Expired', /clock/],
  ];
  for (const [status, code, hint] of hints) {
    it(`give ${code} a next step instead of the service's text`, () => {
      const error = classify(withText(status, code, 'service words'));

      assert.match(error.message, hint);
      assert.doesNotMatch(error.message, /service words/);
      assert.match(error.message, new RegExp(`HTTP ${status}`));
    });
  }

  it('keep the service text of other codes, cut before a string to sign',
    () => {
      const error = classify(withText(400, 'Odd.Code', STRING_TO_SIGN));

      assert.equal(error.message,
        'Odd.Code (HTTP 400): Specified signature does not match our ' +
          'calculation.');
    });
});
