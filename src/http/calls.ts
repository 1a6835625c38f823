import { Observable, map } from 'rxjs';
import type { Activity, ActivitySet, ChannelAccount, Conversation, ResourceResponse, TokenParameters } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import { toActivitySet } from '../protocol/frame';
import { isObject } from '../protocol/guards';
import { request, requestJson } from './request';
import type { HttpOptions } from './request';

/** Whether a response body is a conversation (it has a non-empty `conversationId`). */
export function isConversation(body: unknown): body is Conversation {
  return isObject(body) && typeof body.conversationId === 'string' && body.conversationId !== '';
}

/** A `{ id }` answer (post, upload). */
export function isResource(body: unknown): body is ResourceResponse {
  return isObject(body) && typeof body.id === 'string';
}

/** A path segment (conversation id) as it goes in a URL. */
export const seg = (id: string) => encodeURIComponent(id);

/** POST /tokens/generate — with a secret; does not start the conversation. */
export function generateToken(http: HttpOptions, params?: TokenParameters): Observable<Conversation> {
  return requestJson(http, { method: 'POST', path: '/tokens/generate', body: params ?? {}, what: 'Generate token' }, isConversation);
}

/** POST /tokens/refresh — with a token; a new token for the same conversation. */
export function refreshToken(http: HttpOptions): Observable<Conversation> {
  return requestJson(http, { method: 'POST', path: '/tokens/refresh', what: 'Refresh token' }, isConversation);
}

/** What `POST /conversations` may be given. */
export interface StartConversationParams {
  /** The conversation's user. */
  user?: ChannelAccount;
  /** The user's language, e.g. `en-US`. */
  locale?: string;
  /** The origins that may use the conversation's token (enhanced authentication). */
  trustedOrigins?: string[];
}

/** POST /conversations — starts (or, with a token whose conversation started, returns) a conversation. */
export function startConversation(http: HttpOptions, params?: StartConversationParams): Observable<Conversation> {
  return requestJson(http, { method: 'POST', path: '/conversations', body: params ?? {}, what: 'Start conversation' }, isConversation);
}

/** GET /conversations/{id}?watermark=W — the reconnect call: a fresh streamUrl. */
export function getConversation(http: HttpOptions, conversationId: string, watermark?: string): Observable<Conversation> {
  return requestJson(
    http,
    { method: 'GET', path: `/conversations/${seg(conversationId)}`, query: { watermark }, what: 'Get conversation' },
    isConversation,
  );
}

/** POST /conversations/{id}/activities — resolves to the id the service gave the activity. */
export function postActivity(http: HttpOptions, conversationId: string, activity: Activity): Observable<string> {
  return requestJson(
    http,
    { method: 'POST', path: `/conversations/${seg(conversationId)}/activities`, body: activity, what: 'Post activity' },
    isResource,
  ).pipe(map((r) => r.id));
}

/** GET /conversations/{id}/activities?watermark=W — one polling round. */
export function getActivities(http: HttpOptions, conversationId: string, watermark?: string): Observable<ActivitySet> {
  const spec = {
    method: 'GET' as const,
    path: `/conversations/${seg(conversationId)}/activities`,
    query: { watermark },
    what: 'Get activities',
  };
  return requestJson(http, spec, isObject).pipe(
    map((body) => {
      const frame = toActivitySet(body);
      if (frame.kind !== 'activitySet')
        throw new DirectLineError('Get activities returned an unexpected body', { code: 'BadResponse', retryable: true });
      return frame.activitySet;
    }),
  );
}

/** GET /session/getsessionid — the session id used by the Web Chat sign-in flow. */
export function getSessionId(http: HttpOptions): Observable<string> {
  return request(http, { method: 'GET', path: '/session/getsessionid', what: 'Get session id', withCredentials: true }).pipe(
    map((e) => {
      if (e.type !== 'response') throw new DirectLineError('Get session id: unexpected event', { code: 'BadResponse' });
      if (typeof e.body === 'string') return e.body;
      if (isObject(e.body) && typeof e.body.sessionId === 'string') return e.body.sessionId;
      throw new DirectLineError('Get session id returned an unexpected body', { code: 'BadResponse', status: e.status });
    }),
  );
}
