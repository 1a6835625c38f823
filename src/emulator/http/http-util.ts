import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, HttpError } from './errors';

/** Beyond this many bytes a too-large body is no longer drained: the connection is closed. */
const DRAIN_CAP = 64 * 1024 * 1024;

export class BodyTooLarge extends HttpError {
  constructor(
    message: string,
    readonly closeConnection: boolean,
  ) {
    super(413, 'MessageSizeTooBig', message);
  }
}

/** Reads a request body, keeping at most `limit` bytes; a larger body fails with 413 once drained. */
export function readBody(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    let done = false;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      fn();
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        if (size > DRAIN_CAP) {
          finish(() => reject(new BodyTooLarge(`${what} is larger than ${limit} bytes`, true)));
          req.pause();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      finish(() => (over ? reject(new BodyTooLarge(`${what} is larger than ${limit} bytes`, false)) : resolve(Buffer.concat(chunks)))),
    );
    req.on('error', (err) => finish(() => reject(err)));
    req.on('aborted', () => finish(() => reject(new Error('request aborted'))));
  });
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/** Parses a JSON body; the body must be sent as application/json (415 otherwise). */
export function parseJsonBody(req: IncomingMessage, body: Buffer, { optional }: { optional: boolean }): unknown {
  if (body.length === 0) {
    if (optional) return undefined;
    throw badRequest('The request body is empty');
  }
  const type = mediaType(req);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new HttpError(415, 'BadArgument', 'Content-Type must be application/json');
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
}

/** CORS for browser clients: any origin, the Direct Line headers, preflights answered. */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  } else {
    res.setHeader('Access-Control-Allow-Origin', '*');
  }
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Location');
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, x-ms-bot-agent, Accept, X-Requested-With',
    'Access-Control-Max-Age': '600',
    'Content-Length': '0',
  });
  res.end();
}

/** Bearer credential of a request, or undefined when the header is missing or malformed. */
export function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}
