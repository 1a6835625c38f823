import type { Activity } from '../../protocol/activity';
import type { Credential } from '../auth/authorize';
import { isObject } from '../../protocol/guards';
import { badRequest, missingProperty } from '../http/errors';
import { BOT_ACCOUNT } from '../types';
import { checkActivityBounds, MAX_ACTIVITY_BYTES } from '../state/activity-bounds';

/** Validates and normalises a posted activity; 400 with the service's codes otherwise. */
export function checkActivity(value: unknown, credential: Credential): Partial<Activity> {
  if (!isObject(value)) throw badRequest('The activity must be a JSON object');
  checkActivityBounds(value, MAX_ACTIVITY_BYTES);
  const activity = { ...value } as Partial<Activity>;
  if (activity.type === undefined || activity.type === null || activity.type === '') throw missingProperty('type');
  if (typeof activity.type !== 'string') throw badRequest('type must be a string');
  if (activity.from === undefined || activity.from === null) {
    if (credential.kind === 'token' && credential.claims.user) activity.from = { id: credential.claims.user };
    else throw missingProperty('from');
  }
  if (!isObject(activity.from)) throw badRequest('from must be an object');
  if (activity.from.id === undefined || activity.from.id === null || activity.from.id === '') throw missingProperty('from.id');
  if (typeof activity.from.id !== 'string') throw badRequest('from.id must be a string');
  if (activity.text !== undefined && activity.text !== null && typeof activity.text !== 'string') throw badRequest('text must be a string');
  if (activity.attachments !== undefined && activity.attachments !== null && !Array.isArray(activity.attachments)) {
    throw badRequest('attachments must be an array');
  }
  activity.from = { ...activity.from, id: senderId(activity.from.id, credential), role: 'user' };
  delete activity.id;
  return activity;
}

/**
 * Who the post is from. As the service does with a token that embeds a user id, `from.id` is
 * rewritten to that id whatever the client sent; without one, the client's id is kept unless it
 * is the bot's (a client never posts as the bot: 400). `from.role` is always `user`.
 */
function senderId(sent: string, credential: Credential): string {
  if (credential.kind === 'token' && credential.claims.user) return credential.claims.user;
  if (sent === BOT_ACCOUNT.id) throw badRequest("from.id is the bot's id: a client cannot post as the bot");
  return sent;
}
