import { Observable, map } from 'rxjs';
import type { Activity } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import { isResource, seg } from './calls';
import { request } from './request';
import type { HttpOptions } from './request';

/** A file to upload. `data` may be bytes, a string, or (in browsers) a Blob. */
export interface UploadFile {
  /** The file's name. */
  name: string;
  /** Its MIME type. */
  contentType: string;
  /** Its content: bytes, text, or a Blob (browsers). */
  data: Uint8Array | ArrayBuffer | string | Blob;
}

/** What an upload emits: progress while the body is sent, then the id of the activity. */
export type UploadEvent =
  | {
      /** Part of the body was sent. */
      type: 'progress';
      /** Bytes sent so far. */
      loaded: number;
      /** Bytes in all. */
      total: number;
    }
  | {
      /** The service accepted the upload. */
      type: 'done';
      /** The id it gave the activity. */
      id: string;
    };

function toBytes(data: Uint8Array | ArrayBuffer | string): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  return new Uint8Array(data);
}

function isBlob(data: unknown): data is Blob {
  return typeof Blob !== 'undefined' && data instanceof Blob;
}

function quoted(value: string): string {
  return value.replace(/["\\\r\n]/g, '_');
}

/** Builds a multipart/form-data body from bytes (works where FormData cannot be sent, as in Node). */
export function buildMultipart(files: UploadFile[], activity: Activity | undefined, boundary: string): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const push = (s: string) => chunks.push(encoder.encode(s));
  if (activity) {
    push(`--${boundary}\r\nContent-Disposition: form-data; name="activity"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n`);
    push(JSON.stringify(activity));
    push('\r\n');
  }
  files.forEach((file, i) => {
    push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file${i}"; filename="${quoted(file.name)}"\r\nContent-Type: ${file.contentType || 'application/octet-stream'}\r\n\r\n`,
    );
    chunks.push(toBytes(file.data as Uint8Array | ArrayBuffer | string));
    push('\r\n');
  });
  push(`--${boundary}--\r\n`);
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/**
 * POST /conversations/{id}/upload?userId=U — one raw file, or multipart with an activity part.
 * Emits upload progress, then `{ type: 'done', id }`.
 */
export function upload(
  http: HttpOptions,
  conversationId: string,
  userId: string,
  files: UploadFile[],
  activity?: Activity,
): Observable<UploadEvent> {
  const path = `/conversations/${seg(conversationId)}/upload`;
  const base = { method: 'POST' as const, path, query: { userId }, what: 'Upload', progress: true };
  let spec;
  if (files.length === 1 && !activity) {
    const file = files[0];
    spec = {
      ...base,
      body: isBlob(file.data) ? file.data : toBytes(file.data),
      headers: {
        'Content-Type': file.contentType || 'application/octet-stream',
        'Content-Disposition': `name="file"; filename="${quoted(file.name)}"`,
      },
    };
  } else if (typeof FormData !== 'undefined' && files.some((f) => isBlob(f.data))) {
    const form = new FormData();
    if (activity) form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
    files.forEach((f, i) =>
      form.append(`file${i}`, isBlob(f.data) ? f.data : new Blob([toBytes(f.data) as BlobPart], { type: f.contentType }), f.name),
    );
    spec = { ...base, body: form };
  } else {
    const boundary = `directline-rx-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    spec = {
      ...base,
      body: buildMultipart(files, activity, boundary),
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    };
  }
  return request(http, spec).pipe(
    map((e): UploadEvent => {
      if (e.type === 'progress') return e;
      if (!isResource(e.body))
        throw new DirectLineError(`Upload returned an unexpected body (HTTP ${e.status})`, { code: 'BadResponse', status: e.status });
      return { type: 'done', id: e.body.id };
    }),
  );
}
