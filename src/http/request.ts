import { Observable, asyncScheduler, throwError, timeout } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { ajax, AjaxError, AjaxTimeoutError } from 'rxjs/ajax';
import type { AjaxConfig, AjaxResponse } from 'rxjs/ajax';
import { DirectLineError, errorFromResponse } from '../protocol/errors';
import { redact, rememberSecret } from '../protocol/redact';
import { AGENT } from '../version';
import { baseUrl } from './domain';
import { networkCause, originOf } from './network-cause';
import { boundedXHR, headerOf } from './bounded-xhr';
import { DEFAULT_DOMAIN, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT_MS } from '../defaults';
import type { XMLHttpRequestLike } from '../transports';

export { DEFAULT_DOMAIN, DEFAULT_MAX_RESPONSE_BYTES } from '../defaults';

/** How the REST calls reach the service. Credentials are read on every subscription. */
export interface HttpOptions {
  /** Base URL, e.g. `https://directline.botframework.com/v3/directline`. */
  domain?: string;
  /** Returns the secret or token to send; called once per request, when it starts. */
  getCredential: () => string | undefined;
  /** XMLHttpRequest factory for `rxjs/ajax` (Node: `directline-rx/node` provides one). */
  createXHR?: () => XMLHttpRequestLike;
  /** Abort a request that has not answered after this long. Default 20 000 ms. */
  requestTimeoutMs?: number;
  /** Scheduler for the timeout and for reading the clock. */
  scheduler?: SchedulerLike;
  /** A response body longer than this is aborted as it arrives (ResponseTooLarge). Default 16 MB. */
  maxResponseBytes?: number;
  /** Appended to the `x-ms-bot-agent` header. */
  botAgent?: string;
}

/** One REST call, as `request` takes it. */
export interface RequestSpec {
  /** The HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path after the domain, e.g. `/conversations`. */
  path: string;
  /** Query parameters; those undefined or empty are left out. */
  query?: Record<string, string | undefined>;
  /** The body: sent as JSON, unless it is binary (bytes, a Blob, FormData) or `Content-Type` is given. */
  body?: unknown;
  /** More headers. */
  headers?: Record<string, string>;
  /** Name of the call, used in error messages. */
  what: string;
  /** Surface upload progress events (upload only). */
  progress?: boolean;
  /** Use a bearer credential (default true). */
  auth?: boolean;
  /** Send cookies cross-origin (default false); the session-id call of the sign-in flow needs them. */
  withCredentials?: boolean;
}

/** What a request emits: upload progress (when asked), then the response. */
export type HttpEvent =
  | {
      /** Part of the body was sent. */
      type: 'progress';
      /** Bytes sent so far. */
      loaded: number;
      /** Bytes in all. */
      total: number;
    }
  | {
      /** The service answered. */
      type: 'response';
      /** The HTTP status. */
      status: number;
      /** The body, parsed as JSON when it parses (undefined when empty). */
      body: unknown;
    };

/**
 * The URL of a call: the domain (default {@link DEFAULT_DOMAIN}), the path and the query parameters that have a value.
 */
export function buildUrl(domain: string | undefined, path: string, query?: Record<string, string | undefined>): string {
  let url = baseUrl(domain) + path;
  if (query) {
    const parts = Object.keys(query)
      .filter((k) => query[k] !== undefined && query[k] !== '')
      .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k] as string)}`);
    if (parts.length) url += (url.includes('?') ? '&' : '?') + parts.join('&');
  }
  return url;
}

function parseBody(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? undefined;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The error of a failed call to `url`; `secret`, its credential, is scrubbed from every field. */
function toError(err: unknown, spec: RequestSpec, url: string, now: number, secret: string | undefined): DirectLineError {
  if (err instanceof DirectLineError) return err; // built here, from nothing the server sent
  if (err instanceof AjaxTimeoutError) {
    return new DirectLineError(`${spec.what} timed out`, { code: 'Timeout', retryable: true });
  }
  if (err instanceof AjaxError) {
    if (!err.status)
      return new DirectLineError(`${spec.what} failed: ${networkCause(err.xhr)} at ${originOf(url)}`, {
        code: 'NetworkError',
        retryable: true,
        status: 0,
      });
    let body: unknown;
    try {
      body = err.xhr?.responseText;
    } catch {
      body = undefined;
    }
    return errorFromResponse(err.status, body, headerOf(err.xhr, 'Retry-After'), spec.what, now, secret);
  }
  return new DirectLineError(`${spec.what} failed: ${err instanceof Error ? redact(err.message, secret) : 'unknown error'}`, {
    code: 'NetworkError',
    retryable: true,
    status: 0,
  });
}

/** The headers and body of a call, with the credential it carries; or the error of a credential that cannot be read. */
function prepare(
  options: HttpOptions,
  spec: RequestSpec,
): { headers: Record<string, string>; body: unknown; credential?: string } | DirectLineError {
  const headers: Record<string, string> = {
    'x-ms-bot-agent': options.botAgent ? `${AGENT} ${options.botAgent}` : AGENT,
    ...spec.headers,
  };
  let credential: string | undefined;
  if (spec.auth !== false) {
    try {
      credential = options.getCredential();
    } catch (err) {
      const reason = redact(err instanceof Error ? err.message : String(err));
      return new DirectLineError(`${spec.what}: reading the secret or token failed: ${reason}`, { code: 'InvalidOptions' });
    }
    if (!credential) return new DirectLineError(`${spec.what}: no secret or token`, { code: 'InvalidOptions' });
    rememberSecret(credential);
    headers['Authorization'] = `Bearer ${credential}`;
  }
  let body = spec.body;
  if (body !== undefined && !headers['Content-Type'] && !isBinary(body)) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(body);
  }
  return { headers, body, credential };
}

/**
 * What the call emits for each of rxjs/ajax's events: upload progress (when asked for), then the
 * response. Some XMLHttpRequest implementations (xhr2 in Node) fire no upload progress: then one
 * final progress event is emitted before the response, once the whole body has been sent.
 */
function httpEvents(spec: RequestSpec, uploadSize: number | undefined): (res: AjaxResponse<string>) => HttpEvent[] {
  let last: { loaded: number; total: number } | undefined;
  return (res) => {
    if (res.type.startsWith('upload_')) {
      if (!spec.progress) return [];
      last = { loaded: res.loaded, total: res.total };
      return [{ type: 'progress', loaded: res.loaded, total: res.total }];
    }
    if (res.type !== 'download_load') return [];
    const response: HttpEvent = { type: 'response', status: res.status, body: parseBody(res.response) };
    if (!spec.progress) return [response];
    const total = last && last.total > 0 ? last.total : uploadSize;
    if (total === undefined || (last && last.loaded >= total)) return [response];
    return [{ type: 'progress', loaded: total, total }, response];
  };
}

/**
 * One REST call as a cold observable: reads the credential when subscribed, times out on the
 * scheduler, aborts on unsubscribe, and fails only with a DirectLineError. One observable around
 * rxjs/ajax (not defer, an inner observable and catchError): a call runs little code of its own.
 */
export function request(options: HttpOptions, spec: RequestSpec): Observable<HttpEvent> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return new Observable<HttpEvent>((subscriber) => {
    let url: string;
    let prepared: ReturnType<typeof prepare>;
    try {
      url = buildUrl(options.domain, spec.path, spec.query);
      prepared = prepare(options, spec);
    } catch (err) {
      // a body that cannot be serialised: the call fails like any other, with a DirectLineError, and nothing is sent
      subscriber.error(toError(err, spec, '', scheduler.now(), undefined));
      return undefined;
    }
    if (prepared instanceof DirectLineError) {
      subscriber.error(prepared);
      return undefined;
    }
    const { headers, body, credential } = prepared;
    let tooLarge = false;
    const config: AjaxConfig = {
      url,
      method: spec.method,
      headers,
      body,
      responseType: 'text',
      crossDomain: true,
      withCredentials: spec.withCredentials === true,
      includeUploadProgress: !!spec.progress,
      createXHR: boundedXHR(options.createXHR, maxBytes, () => (tooLarge = true)),
    };
    const timedOut = () =>
      new DirectLineError(`${spec.what} timed out after ${requestTimeoutMs} ms at ${originOf(url)}`, { code: 'Timeout', retryable: true });
    // the body's size is only needed for the progress events, and only where the XMLHttpRequest reports none
    const events = httpEvents(spec, spec.progress ? byteSize(body) : undefined);
    return (
      ajax<string>(config)
        // a call without progress events has one value, its answer: no timer is started again after it
        .pipe(
          timeout(
            spec.progress
              ? { each: requestTimeoutMs, scheduler, with: () => throwError(timedOut) }
              : { first: requestTimeoutMs, scheduler, with: () => throwError(timedOut) },
          ),
        )
        .subscribe({
          next: (res) => {
            for (const e of events(res)) {
              subscriber.next(e);
              if (e.type === 'response') subscriber.complete();
            }
          },
          error: (err) =>
            subscriber.error(
              tooLarge
                ? new DirectLineError(`${spec.what} answered a body over ${maxBytes} bytes: aborted`, {
                    code: 'ResponseTooLarge',
                    retryable: false,
                  })
                : toError(err, spec, url, scheduler.now(), credential),
            ),
          complete: () => subscriber.complete(),
        })
    );
  });
}

/** Size in bytes of a request body, when it can be known without reading it. */
function byteSize(body: unknown): number | undefined {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return new TextEncoder().encode(body).length;
  if (typeof ArrayBuffer !== 'undefined' && (body instanceof ArrayBuffer || ArrayBuffer.isView(body))) return body.byteLength;
  if (typeof Blob !== 'undefined' && body instanceof Blob) return body.size;
  return undefined;
}

function isBinary(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  if (typeof ArrayBuffer !== 'undefined' && (body instanceof ArrayBuffer || ArrayBuffer.isView(body))) return true;
  if (typeof Blob !== 'undefined' && body instanceof Blob) return true;
  if (typeof FormData !== 'undefined' && body instanceof FormData) return true;
  return false;
}

/** Runs a call and returns only its parsed JSON body, checked by `validate`. */
export function requestJson<T>(options: HttpOptions, spec: RequestSpec, validate: (body: unknown) => body is T): Observable<T> {
  return new Observable<T>((subscriber) =>
    request(options, spec).subscribe({
      next: (event) => {
        if (event.type !== 'response') return;
        if (!validate(event.body)) {
          subscriber.error(
            new DirectLineError(`${spec.what} returned an unexpected body (HTTP ${event.status})`, {
              code: 'BadResponse',
              status: event.status,
              retryable: true,
            }),
          );
          return;
        }
        subscriber.next(event.body);
        subscriber.complete();
      },
      error: (err) => subscriber.error(err),
      complete: () => subscriber.complete(),
    }),
  );
}
