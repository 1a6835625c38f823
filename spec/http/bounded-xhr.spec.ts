import { boundedXHR, headerOf } from '../../src/http/bounded-xhr';
import type { XMLHttpRequestLike } from '../../src/transports';

/** A fake XMLHttpRequest that records listeners and aborts. */
function fakeXHR(headers: Record<string, string> = {}) {
  const listeners: Record<string, Array<(e: unknown) => void>> = {};
  const xhr = {
    readyState: 0,
    aborted: 0,
    addEventListener: (type: string, fn: (e: unknown) => void) => (listeners[type] ??= []).push(fn),
    getResponseHeader: (name: string) => headers[name] ?? null,
    abort: () => void xhr.aborted++,
    fire: (type: string, event: unknown = {}) => (listeners[type] ?? []).forEach((fn) => fn(event)),
  };
  return xhr;
}

describe('boundedXHR', () => {
  it('aborts once when the body grows past the bound, and says so', () => {
    const xhr = fakeXHR();
    let tooLarge = 0;
    const made = boundedXHR(
      () => xhr as unknown as XMLHttpRequestLike,
      1000,
      () => tooLarge++,
    )();
    expect(made).toBe(xhr);
    xhr.fire('progress', { loaded: 1000 });
    expect(xhr.aborted).toBe(0);
    xhr.fire('progress', { loaded: 1001 });
    xhr.fire('progress', { loaded: 5000 });
    expect([xhr.aborted, tooLarge]).toEqual([1, 1]);
  });

  it('aborts when the headers announce a longer body', () => {
    const xhr = fakeXHR({ 'Content-Length': '2000' });
    let tooLarge = 0;
    boundedXHR(
      () => xhr as unknown as XMLHttpRequestLike,
      1000,
      () => tooLarge++,
    )();
    xhr.readyState = 2;
    xhr.fire('readystatechange');
    expect([xhr.aborted, tooLarge]).toEqual([1, 1]);
  });

  it('leaves a body within the bound alone, whatever the headers say', () => {
    const xhr = fakeXHR({ 'Content-Length': 'garbage' });
    boundedXHR(
      () => xhr as unknown as XMLHttpRequestLike,
      1000,
      () => undefined,
    )();
    xhr.readyState = 2;
    xhr.fire('readystatechange');
    xhr.fire('progress', { loaded: 10 });
    expect(xhr.aborted).toBe(0);
  });

  it('without a factory and without a global XMLHttpRequest, a clear InvalidOptions error', () => {
    expect(() => boundedXHR(undefined, 1000, () => undefined)()).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });

  it('headerOf trims, and reads a throwing or missing transport as no header', () => {
    expect(headerOf({ getResponseHeader: () => ' 5 ' } as unknown as XMLHttpRequest, 'Retry-After')).toBe('5');
    expect(
      headerOf(
        {
          getResponseHeader: () => {
            throw new Error('x');
          },
        } as unknown as XMLHttpRequest,
        'Retry-After',
      ),
    ).toBeNull();
    expect(headerOf(undefined, 'Retry-After')).toBeNull();
  });
});
