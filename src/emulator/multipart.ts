import { Dicer } from '@fastify/busboy';
import { badRequest } from './errors';

export interface Part {
  headers: Record<string, string>;
  /** `name` parameter of Content-Disposition. */
  name?: string;
  filename?: string;
  contentType: string;
  data: Buffer;
}

/**
 * Parameters of a header value such as `form-data; name="file"; filename="a.png"`, in an object
 * without a prototype: a parameter named `constructor` or `__proto__` is a parameter like any other.
 */
export function headerParams(value: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) {
    const key = m[1].toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    if (key.endsWith('*')) {
      // RFC 5987: charset'lang'percent-encoded
      const ext = /^[^']*'[^']*'(.*)$/.exec(v);
      try {
        v = decodeURIComponent(ext ? ext[1] : v);
      } catch {
        /* keep as is */
      }
      out[key.slice(0, -1)] = v;
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = v;
  }
  return out;
}

/** The boundary of a multipart Content-Type header. */
export function boundaryOf(contentType: string): string | undefined {
  const boundary = headerParams(contentType).boundary;
  return boundary && boundary.length <= 200 ? boundary : undefined;
}

/** More parts than this in one upload: 400. */
const MAX_PARTS = 100;

/**
 * Splits a multipart/form-data body into its parts (RFC 7578) with the Dicer parser of
 * `@fastify/busboy`, keeping each part's headers as sent. 400 when the body is malformed or a part
 * has no `Content-Disposition: form-data`.
 */
export function parseMultipart(body: Buffer, boundary: string): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    const parts: Part[] = [];
    let pending = 0;
    let finished = false;
    let failed = false;
    const fail = (message: string): void => {
      if (failed) return;
      failed = true;
      reject(badRequest(message));
    };
    const settle = (): void => {
      if (finished && pending === 0 && !failed) resolve(parts);
    };
    const dicer = new Dicer({ boundary, maxHeaderPairs: 50 });
    dicer.on('part', (stream) => {
      const index = parts.length + pending;
      if (index >= MAX_PARTS) {
        fail('too many multipart parts');
        stream.resume();
        return;
      }
      pending++;
      let headers: Record<string, string> | undefined;
      const chunks: Buffer[] = [];
      stream.on('header', (raw: Record<string, string[]>) => {
        headers = Object.fromEntries(Object.entries(raw).map(([name, values]) => [name.toLowerCase(), values.join(', ').trim()]));
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', () => fail('multipart body not terminated'));
      stream.on('end', () => {
        pending--;
        const disposition = headers?.['content-disposition'];
        if (!headers || !disposition || !/^form-data\b/i.test(disposition)) {
          fail('multipart part without Content-Disposition: form-data');
          return;
        }
        const params = headerParams(`x; ${disposition.replace(/^[^;]*;?/, '')}`);
        parts[index] = {
          headers,
          name: params.name,
          filename: params.filename,
          contentType: headers['content-type'] || 'application/octet-stream',
          data: Buffer.concat(chunks),
        };
        settle();
      });
    });
    dicer.on('error', () => fail('multipart body not terminated'));
    dicer.on('finish', () => {
      finished = true;
      if (parts.length === 0 && pending === 0) fail('multipart body without its boundary');
      settle();
    });
    dicer.end(body);
  });
}
