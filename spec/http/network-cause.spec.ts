import { networkCause, originOf } from '../../src/http/network-cause';
import { describeSocketError } from '../../src/node/socket-error';

describe('describeSocketError (the Node transport)', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused (ECONNREFUSED)'],
    ['ENOTFOUND', 'host not found (ENOTFOUND)'],
    ['EAI_AGAIN', 'host not found (EAI_AGAIN)'],
    ['ETIMEDOUT', 'timed out (ETIMEDOUT)'],
    ['ECONNRESET', 'connection reset (ECONNRESET)'],
    ['EHOSTUNREACH', 'host unreachable (EHOSTUNREACH)'],
    ['CERT_HAS_EXPIRED', 'TLS failed (CERT_HAS_EXPIRED)'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS failed (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS failed (ERR_TLS_CERT_ALTNAME_INVALID)'],
    ['EPROTO', 'TLS failed (EPROTO)'],
    ['EPIPE', 'network error (EPIPE)'],
  ])('reads the code %s as "%s"', (code, text) => {
    expect(describeSocketError(Object.assign(new Error('x'), { code }))).toBe(text);
  });

  it('an error without a readable code is a plain network error', () => {
    for (const error of [undefined, null, new Error('x'), { code: 42 }, { code: 'not a code <script>' }, { code: 'constructor' }]) {
      expect(describeSocketError(error)).toBe('network error');
    }
  });
});

describe('networkCause', () => {
  it('reads what the transport recorded, and says honestly that a browser does not tell', () => {
    expect(networkCause({ networkErrorCause: 'connection refused (ECONNREFUSED)' })).toBe('connection refused (ECONNREFUSED)');
    for (const xhr of [undefined, null, {}, { networkErrorCause: 42 }])
      expect(networkCause(xhr)).toBe('network error (the browser does not say why)');
  });
});

describe('originOf', () => {
  it('keeps scheme, host and port: never a path, query, user or password', () => {
    expect(originOf('https://user:pass@example.com:8443/v3/directline/conversations?t=secret')).toBe('https://example.com:8443');
    expect(originOf('not a url')).toBe('the domain given');
  });
});
