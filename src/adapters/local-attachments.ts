import { Observable, defer, forkJoin, map } from 'rxjs';
import type { Activity, Attachment } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import { redact } from '../protocol/redact';
import type { UploadFile } from '../http/upload';

/** True for an attachment whose bytes live only in this page: a `blob:` or `data:` URL (a file the user picked). */
export function isLocalAttachment(attachment: unknown): attachment is Attachment & { contentUrl: string } {
  if (!attachment || typeof attachment !== 'object') return false;
  const url = (attachment as Attachment).contentUrl;
  return typeof url === 'string' && /^(blob|data):/i.test(url);
}

/** True for a message that carries at least one local attachment: it must go through the upload call. */
export function hasLocalAttachments(activity: Activity): boolean {
  return activity?.type === 'message' && Array.isArray(activity.attachments) && activity.attachments.some(isLocalAttachment);
}

/** Reads a `blob:` or `data:` URL into bytes (fetch reads both, in browsers and in Node 18+). */
function readLocalUrl(url: string): Observable<Uint8Array> {
  return defer(async () => {
    const fetchFn = (globalThis as { fetch?: typeof fetch }).fetch;
    if (typeof fetchFn !== 'function') throw new DirectLineError('Reading an attachment needs fetch()', { code: 'AttachmentUnreadable' });
    let response: Response;
    try {
      response = await fetchFn(url);
    } catch (err) {
      throw new DirectLineError(`An attachment could not be read: ${err instanceof Error ? redact(err.message) : 'unknown error'}`, {
        code: 'AttachmentUnreadable',
      });
    }
    if (!response.ok)
      throw new DirectLineError(`An attachment could not be read (status ${response.status})`, { code: 'AttachmentUnreadable' });
    return new Uint8Array(await response.arrayBuffer());
  });
}

/**
 * Splits a message into what the upload call takes: the activity without its local attachments
 * (other attachments stay), and one file per local attachment, read from its URL.
 */
export function toUpload(activity: Activity): Observable<{ activity: Activity; files: UploadFile[] }> {
  const attachments = activity.attachments ?? [];
  const local = attachments.filter(isLocalAttachment);
  const kept = attachments.filter((a) => !isLocalAttachment(a));
  const template: Activity = { ...activity };
  if (kept.length) template.attachments = kept;
  else delete template.attachments;
  return forkJoin(
    local.map((attachment, i) =>
      readLocalUrl(attachment.contentUrl).pipe(
        map((data): UploadFile => ({
          name: typeof attachment.name === 'string' && attachment.name !== '' ? attachment.name : `file${i + 1}`,
          contentType:
            typeof attachment.contentType === 'string' && attachment.contentType !== ''
              ? attachment.contentType
              : 'application/octet-stream',
          data,
        })),
      ),
    ),
  ).pipe(map((files) => ({ activity: template, files })));
}
