import { networkCause, originOf } from '../../src/http/network-cause';

describe('networkCause', () => {
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
  ])('reads the code %s recorded by the Node transport as "%s"', (code, text) => {
    expect(networkCause({ networkErrorCode: code })).toBe(text);
  });

  it('says honestly that the cause is unknown where the transport does not tell (a browser), or tells garbage', () => {
    for (const xhr of [undefined, null, {}, { networkErrorCode: 42 }, { networkErrorCode: 'not a code <script>' }, { networkErrorCode: 'constructor' }]) {
      expect(networkCause(xhr)).toBe('network error (the browser does not say why)');
    }
  });
});

describe('originOf', () => {
  it('keeps scheme, host and port: never a path, query, user or password', () => {
    expect(originOf('https://user:pass@example.com:8443/v3/directline/conversations?t=secret')).toBe('https://example.com:8443');
    expect(originOf('not a url')).toBe('the domain given');
  });
});
