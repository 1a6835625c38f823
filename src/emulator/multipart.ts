import { badRequest } from './errors';

export interface Part {
  headers: Record<string, string>;
  /** `name` parameter of Content-Disposition. */
  name?: string;
  filename?: string;
  contentType: string;
  data: Buffer;
}

/** Parameters of a header value such as `form-data; name="file"; filename="a.png"`. */
export function headerParams(value: string): Record<string, string> {
  const out: Record<string, string> = {};
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
    if (!(key in out)) out[key] = v;
  }
  return out;
}

/** The boundary of a multipart Content-Type header. */
export function boundaryOf(contentType: string): string | undefined {
  const boundary = headerParams(contentType).boundary;
  return boundary && boundary.length <= 200 ? boundary : undefined;
}

/** Splits a multipart/form-data body into its parts (RFC 7578). Throws 400 when malformed. */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw badRequest('multipart body without its boundary');
  for (;;) {
    pos += delimiter.length;
    // "--" after a delimiter ends the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    // Skip transport padding and the CRLF that ends the delimiter line.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    else if (body[pos] === 0x0a) pos += 1;
    else throw badRequest('malformed multipart delimiter');
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw badRequest('malformed multipart part headers');
    const headers: Record<string, string> = {};
    for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
      if (!line) continue;
      const colon = line.indexOf(':');
      if (colon <= 0) throw badRequest('malformed multipart header line');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
    if (next < 0) throw badRequest('multipart body not terminated');
    const disposition = headerParams(`x${headers['content-disposition'] ? '; ' + headers['content-disposition'].replace(/^[^;]*;?/, '') : ''}`);
    parts.push({
      headers,
      name: disposition.name,
      filename: disposition.filename,
      contentType: (headers['content-type'] ?? 'application/octet-stream').trim(),
      data: body.subarray(dataStart, next),
    });
    pos = next + 2;
    if (parts.length > 100) throw badRequest('too many multipart parts');
  }
  return parts;
}
