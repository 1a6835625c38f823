import type { Activity, Attachment } from '../../protocol/activity';
import { addressedConversation } from './addressed';
import { badRequest, HttpError, sendJson } from '../http/errors';
import { BodyTooLarge, mediaType, readBody } from '../http/http-util';
import { boundaryOf, headerParams, parseMultipart, type Part } from './multipart';
import type { RequestContext } from './router';
import { checkActivity } from './activity-check';

/** 4 MB: the largest upload the service accepts. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
const ACTIVITY_TYPE = 'application/vnd.microsoft.activity';

interface UploadedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** What a 413 says when the conversation's or the emulator's upload cap leaves less than 4 MB. */
function capsReached(room: number): string {
  return `The upload does not fit: the conversation's or the emulator's uploads may hold ${room} bytes more`;
}

function filenameOf(disposition: string | undefined): string | undefined {
  if (!disposition) return undefined;
  return headerParams(`x; ${disposition.replace(/^[^;]*;?/, '')}`).filename;
}

function parseActivityPart(part: Part): unknown {
  try {
    return JSON.parse(part.data.toString('utf8'));
  } catch {
    throw badRequest('The activity part is not valid JSON');
  }
}

/**
 * POST /conversations/{id}/upload?userId=U: one raw file, or multipart/form-data with file parts
 * and an optional activity part. Files are stored and served back at an emulator URL.
 */
export async function handleUpload(ctx: RequestContext): Promise<void> {
  const { core, req } = ctx;
  const { credential, conversation } = addressedConversation(ctx);
  // Never read more than the files may take: 4 MB, or less when the caps leave less room.
  const room = core.store.uploadRoom(conversation);
  const body =
    room < MAX_UPLOAD_BYTES
      ? await readBody(req, room, 'The upload (room left under the upload caps)')
      : await readBody(req, MAX_UPLOAD_BYTES, 'The upload');
  const type = mediaType(req);
  if (!type) throw new HttpError(415, 'BadArgument', 'The upload needs a Content-Type');
  const files: UploadedFile[] = [];
  let activityValue: unknown;
  if (type === 'multipart/form-data') {
    const boundary = boundaryOf(String(req.headers['content-type']));
    if (!boundary) throw badRequest('multipart/form-data without a boundary');
    for (const part of await parseMultipart(body, boundary)) {
      const partType = part.contentType.split(';')[0].trim().toLowerCase();
      if (partType === ACTIVITY_TYPE || (part.name === 'activity' && partType === 'application/json' && !part.filename)) {
        if (activityValue !== undefined) throw badRequest('More than one activity part');
        activityValue = parseActivityPart(part);
      } else {
        files.push({ name: part.filename ?? part.name ?? 'file', contentType: part.contentType, data: part.data });
      }
    }
  } else {
    if (body.length === 0) throw badRequest('The upload is empty');
    if (type === ACTIVITY_TYPE) throw badRequest('An activity alone is posted to /activities, not uploaded');
    files.push({
      name: filenameOf(req.headers['content-disposition']) ?? 'file',
      contentType: String(req.headers['content-type']),
      data: body,
    });
  }
  if (files.length === 0) throw badRequest('The upload holds no file');

  const userId = ctx.url.searchParams.get('userId') ?? undefined;
  const template: Record<string, unknown> =
    activityValue === undefined
      ? { type: 'message' }
      : typeof activityValue === 'object' && activityValue !== null
        ? { ...activityValue }
        : {};
  if (activityValue !== undefined && (typeof activityValue !== 'object' || activityValue === null || Array.isArray(activityValue))) {
    throw badRequest('The activity part must be a JSON object');
  }
  if (template.type === undefined) template.type = 'message';
  if (template.from === undefined && userId) template.from = { id: userId };
  const activity = checkActivity(template, credential);

  const fileIds = core.store.addFiles(
    conversation,
    files.map((file) => ({ contentType: file.contentType, name: file.name, data: Buffer.from(file.data) })),
  );
  if (!fileIds) throw new BodyTooLarge(capsReached(core.store.uploadRoom(conversation)), false);
  // The activity part describes each file (without its contentUrl): cards (with inline content) are
  // kept; a file's descriptor, found by name or else by position, gives it its thumbnailUrl.
  const described = (Array.isArray(activity.attachments) ? activity.attachments : []).filter(
    (a): a is Attachment => typeof a === 'object' && a !== null && !Array.isArray(a),
  );
  const cards = described.filter((a) => a.content !== undefined);
  const descriptors = described.filter((a) => a.content === undefined);
  const fileAttachments: Attachment[] = files.map((file, i) => {
    const descriptor = descriptors.find((d) => d.name === file.name) ?? descriptors[i];
    return {
      contentType: file.contentType,
      contentUrl: `${core.publicOrigin}/v3/directline/attachments/${fileIds[i]}/${encodeURIComponent(file.name)}`,
      name: file.name,
      ...(typeof descriptor?.thumbnailUrl === 'string' ? { thumbnailUrl: descriptor.thumbnailUrl } : {}),
    };
  });
  (activity as Partial<Activity>).attachments = [...fileAttachments, ...cards];
  const posted = await core.postFromUser(conversation, activity);
  sendJson(ctx.res, 200, { id: posted.id });
}
