import type { ServerResponse } from 'node:http';
import type { ErrorBody } from '../../protocol/activity';

/** A protocol error: an HTTP status plus the service's stable error code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, 'BadArgument', message);
export const missingProperty = (name: string): HttpError => new HttpError(400, 'MissingProperty', `Missing required property: ${name}`);
export const unauthorized = (message = 'Authorization header missing or malformed'): HttpError =>
  new HttpError(401, 'BadArgument', message);
export const forbidden = (message: string): HttpError => new HttpError(403, 'BadArgument', message);
export const tokenExpired = (): HttpError => new HttpError(403, 'TokenExpired', 'Token expired');
export const notFound = (message = 'Not found'): HttpError => new HttpError(404, 'BadArgument', message);
export const conversationNotFound = (): HttpError => new HttpError(404, 'BadArgument', 'Conversation not found');

/** Stable error code for a status set up through faults.failNext when none is given. */
export function defaultCodeFor(status: number): string {
  switch (status) {
    case 400:
      return 'BadArgument';
    case 401:
    case 403:
      return 'BadArgument';
    case 404:
      return 'BadArgument';
    case 409:
      return 'Conflict';
    case 413:
      return 'MessageSizeTooBig';
    case 429:
      return 'Throttled';
    case 502:
      return 'BotError';
    case 504:
      return 'BotTimeout';
    default:
      return 'ServiceError';
  }
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Answers JSON already serialised. */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof HttpError) {
    sendJson(res, error.status, errorBody(error.code, error.message), error.headers);
  } else {
    sendJson(res, 500, errorBody('ServiceError', 'Internal error in the emulator'));
  }
}
