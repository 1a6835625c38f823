import { randomBytes } from 'node:crypto';
import { addressedConversation, credentialOf } from './addressed';
import { badRequest, forbidden, HttpError, sendJson, sendJsonText } from '../http/errors';
import { parseJsonBody, readBody } from '../http/http-util';
import type { RequestContext, Route } from './router';
import { handleUpload } from './upload';
import { checkActivity } from './activity-check';
import { MAX_ACTIVITY_BYTES } from '../state/activity-bounds';
import { activitySetJson } from '../state/activity-json';
import { attachmentHeaders } from './attachment-headers';
import { isObject } from '../../protocol/guards';
import { BOT_ACCOUNT } from '../types';

const MAX_SMALL_BODY = 16 * 1024;

const ID = '([^/]+)';
const BASE = '^/v3/directline';

/** Optional `{user: {id, name}}` of generate / start; 400 when present but malformed. */
function userOf(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (!isObject(body)) throw badRequest('The body must be a JSON object');
  const user = body.user;
  if (user === undefined || user === null) return undefined;
  if (!isObject(user)) throw badRequest('user must be an object');
  if (user.id === undefined || user.id === null || user.id === '') return undefined;
  if (typeof user.id !== 'string') throw badRequest('user.id must be a string');
  if (user.id === BOT_ACCOUNT.id) throw badRequest("user.id is the bot's id");
  return user.id;
}

async function generateToken(ctx: RequestContext): Promise<void> {
  const credential = credentialOf(ctx);
  if (credential.kind !== 'secret') throw forbidden('Generating a token needs the secret');
  const body = parseJsonBody(ctx.req, await readBody(ctx.req, MAX_SMALL_BODY, 'The body'), { optional: true });
  const user = userOf(body);
  const conversation = ctx.core.store.create(user);
  const { token, expires_in } = ctx.core.issueToken(conversation);
  sendJson(ctx.res, 200, { conversationId: conversation.id, token, expires_in });
}

async function refreshToken(ctx: RequestContext): Promise<void> {
  const credential = credentialOf(ctx);
  await readBody(ctx.req, MAX_SMALL_BODY, 'The body');
  if (credential.kind !== 'token') throw forbidden('Refreshing needs a token, not the secret');
  const conversation = ctx.core.conversationOr404(credential.claims.conv);
  const { token, expires_in } = ctx.core.issueToken(conversation, credential.claims.user);
  sendJson(ctx.res, 200, { conversationId: conversation.id, token, expires_in });
}

async function startConversation(ctx: RequestContext): Promise<void> {
  const credential = credentialOf(ctx);
  const body = parseJsonBody(ctx.req, await readBody(ctx.req, MAX_SMALL_BODY, 'The body'), { optional: true });
  const user = userOf(body);
  const locale = isObject(body) && typeof body.locale === 'string' ? body.locale : undefined;
  const { core } = ctx;
  const conversation = credential.kind === 'token' ? core.conversationOr404(credential.claims.conv) : core.store.create(user);
  const already = conversation.started;
  conversation.started = true;
  if (user && !conversation.user) conversation.user = user;
  if (locale) conversation.locale = locale;
  sendJson(ctx.res, already ? 200 : 201, core.conversationAnswer(conversation, credential));
  if (!already) core.bot.announceStart(conversation, user ?? conversation.user);
}

async function getConversation(ctx: RequestContext): Promise<void> {
  const { credential, conversation } = addressedConversation(ctx);
  const { core } = ctx;
  const raw = ctx.url.searchParams.get('watermark');
  let watermark: string;
  if (raw === null) {
    // Without a watermark the new socket replays nothing older than now.
    watermark = core.store.currentWatermark(conversation);
  } else {
    // An empty watermark (a client that has received nothing yet) replays everything.
    core.watermarkParam(raw);
    watermark = raw;
  }
  conversation.started = true;
  sendJson(ctx.res, 200, core.conversationAnswer(conversation, credential, watermark));
}

async function postActivity(ctx: RequestContext): Promise<void> {
  const { credential, conversation } = addressedConversation(ctx);
  const body = parseJsonBody(ctx.req, await readBody(ctx.req, MAX_ACTIVITY_BYTES, 'The activity'), { optional: false });
  const activity = await ctx.core.postFromUser(conversation, checkActivity(body, credential));
  sendJson(ctx.res, 200, { id: activity.id });
}

async function getActivities(ctx: RequestContext): Promise<void> {
  const { conversation } = addressedConversation(ctx);
  const { core } = ctx;
  const seq = core.watermarkParam(ctx.url.searchParams.get('watermark'));
  conversation.started = true;
  const { activities, watermark } = core.store.after(conversation, seq);
  sendJsonText(ctx.res, 200, activitySetJson(activities, watermark));
}

async function sessionId(ctx: RequestContext): Promise<void> {
  credentialOf(ctx);
  sendJson(ctx.res, 200, { sessionId: randomBytes(12).toString('base64url') });
}

async function plainStreamGet(ctx: RequestContext): Promise<void> {
  throw new HttpError(426, 'BadArgument', `The stream of ${ctx.params[0]} needs a WebSocket upgrade`, { Upgrade: 'websocket' });
}

async function serveFile(ctx: RequestContext): Promise<void> {
  const file = ctx.core.store.getFile(ctx.params[0]);
  if (!file || !ctx.core.store.get(file.conversationId)) throw new HttpError(404, 'BadArgument', 'No such attachment');
  ctx.res.writeHead(200, attachmentHeaders(file.contentType, file.name, file.data.length));
  ctx.res.end(ctx.req.method === 'HEAD' ? undefined : file.data);
}

/** The Direct Line 3.0 routes, under /v3/directline. */
export const directLineRoutes: readonly Route[] = [
  { pattern: new RegExp(`${BASE}/tokens/generate/?$`), method: 'POST', name: 'tokens/generate', handle: generateToken },
  { pattern: new RegExp(`${BASE}/tokens/refresh/?$`), method: 'POST', name: 'tokens/refresh', handle: refreshToken },
  { pattern: new RegExp(`${BASE}/conversations/?$`), method: 'POST', name: 'conversations/start', handle: startConversation },
  { pattern: new RegExp(`${BASE}/conversations/${ID}/?$`), method: 'GET', name: 'conversations/get', handle: getConversation },
  { pattern: new RegExp(`${BASE}/conversations/${ID}/activities/?$`), method: 'POST', name: 'activities/post', handle: postActivity },
  { pattern: new RegExp(`${BASE}/conversations/${ID}/activities/?$`), method: 'GET', name: 'activities/get', handle: getActivities },
  { pattern: new RegExp(`${BASE}/conversations/${ID}/upload/?$`), method: 'POST', name: 'upload', handle: handleUpload },
  { pattern: new RegExp(`${BASE}/conversations/${ID}/stream/?$`), method: 'GET', name: 'stream', handle: plainStreamGet },
  { pattern: new RegExp(`${BASE}/session/getsessionid/?$`), method: 'GET', name: 'session', handle: sessionId },
  { pattern: new RegExp(`${BASE}/attachments/([^/]+)(?:/[^/]*)?$`), method: 'GET', handle: serveFile },
];
