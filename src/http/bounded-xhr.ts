import { DirectLineError } from '../protocol/errors';
import type { XMLHttpRequestLike } from '../transports';

/** A response header, trimmed; null when absent or unreadable. */
export function headerOf(xhr: XMLHttpRequest | undefined, name: string): string | null {
  try {
    const value = xhr?.getResponseHeader(name);
    return typeof value === 'string' ? value.trim() : null;
  } catch {
    return null;
  }
}

/**
 * Creates the XMLHttpRequest of one call and watches its download: past `maxBytes` (announced by
 * Content-Length, or counted as it arrives) the request is aborted before the body is held whole.
 */
export function boundedXHR(
  createXHR: (() => XMLHttpRequestLike) | undefined,
  maxBytes: number,
  onTooLarge: () => void,
): () => XMLHttpRequest {
  return () => {
    const Ctor = (globalThis as { XMLHttpRequest?: new () => XMLHttpRequest }).XMLHttpRequest;
    if (!createXHR && !Ctor)
      throw new DirectLineError('No XMLHttpRequest: pass `createXHR`, or import from directline-rx/node', { code: 'InvalidOptions' });
    const xhr = (createXHR ? createXHR() : new (Ctor as new () => XMLHttpRequest)()) as XMLHttpRequest;
    let aborted = false;
    const check = (bytes: number) => {
      if (aborted || !(bytes > maxBytes)) return;
      aborted = true;
      onTooLarge();
      xhr.abort();
    };
    xhr.addEventListener('readystatechange', () => {
      if (xhr.readyState === 2) check(Number(headerOf(xhr, 'Content-Length') ?? 0));
    });
    xhr.addEventListener('progress', (event) => check(event.loaded));
    return xhr;
  };
}
