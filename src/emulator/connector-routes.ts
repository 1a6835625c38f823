import type { Activity } from '../protocol/activity';
import { isObject } from '../protocol/guards';
import { badRequest, sendJson } from './errors';
import { parseJsonBody, readBody } from './http-util';
import type { RequestContext, Route } from './router';
import { BOT_ACCOUNT } from './types';
import { MAX_BOT_ACTIVITY_BYTES } from './activity-bounds';

/** POST /v3/conversations/{id}/activities[/{replyToId}]: a bot's reply through the Bot Connector API. */
async function botReply(ctx: RequestContext): Promise<void> {
  const [conversationId, replyToId] = ctx.params;
  const conversation = ctx.core.conversationOr404(conversationId);
  const body = parseJsonBody(ctx.req, await readBody(ctx.req, MAX_BOT_ACTIVITY_BYTES, 'The activity'), { optional: false });
  if (!isObject(body)) throw badRequest('The activity must be a JSON object');
  const partial = { ...body } as Partial<Activity>;
  if (typeof partial.type !== 'string' || !partial.type) throw badRequest('The activity needs a type');
  if (replyToId && partial.replyToId === undefined) partial.replyToId = replyToId;
  delete partial.serviceUrl;
  const activity = ctx.core.sendFromBot(conversation, partial);
  sendJson(ctx.res, 200, { id: activity.id });
}

/** GET /v3/conversations/{id}/members: the bot and the conversation's user. */
async function members(ctx: RequestContext): Promise<void> {
  const conversation = ctx.core.conversationOr404(ctx.params[0]);
  const list: { id: string; name: string }[] = [{ id: BOT_ACCOUNT.id, name: BOT_ACCOUNT.name }];
  if (conversation.user) list.push({ id: conversation.user, name: conversation.user });
  sendJson(ctx.res, 200, list);
}

/** The part of the Bot Connector API a bot needs to answer (no authentication: local bots are anonymous). */
export const connectorRoutes: readonly Route[] = [
  { pattern: /^\/v3\/conversations\/([^/]+)\/activities\/?$/, method: 'POST', handle: botReply },
  { pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)\/?$/, method: 'POST', handle: botReply },
  { pattern: /^\/v3\/conversations\/([^/]+)\/members\/?$/, method: 'GET', handle: members },
];
