import type { Activity } from '../protocol/activity';
import { clientActivityIdOf } from '../connect/post-echoes';
import { ownValue } from '../protocol/guards';
import { ConnectionStatus } from '../connection-status';
import { initialChatState } from './chat-state';
import type { ChatState, OwnPost } from './chat-state';
import { isChatEvent } from './events';
import type { ActivityReceived, ChatEvent, PostStarted } from './events';
import { livestreamChunkOf } from '../protocol/livestream';
import { isStreamingFrom, receivedLive, timedOut } from './livestream-reducer';
import { insertBeforeOutbox, without } from './transcript';

/** The own post an activity of the transcript stands for (pending, failed or echoed), if any. */
export function ownPostOf(state: ChatState, activity: Activity): OwnPost | undefined {
  const id = clientActivityIdOf(activity);
  return id === undefined ? undefined : ownValue(state.posts, id);
}

/**
 * Reduces one event into the chat state. Pure: returns a new state, or the same object when the
 * event changes nothing (an action that is not a {@link ChatEvent} included, so the reducer can
 * take every action of a Redux store).
 *
 * @example
 * ```ts
 * let state = chatReducer(undefined, statusChanged(ConnectionStatus.Online));
 * state = chatReducer(state, postStarted({ type: 'message', text: 'hi', channelData: { clientActivityID: 'c1' } }, Date.now()));
 * state.posts.c1.status; // 'pending'
 * ```
 */
export function chatReducer(state: ChatState | undefined, event: ChatEvent | { readonly type: string }): ChatState {
  const s = state ?? initialChatState;
  if (!isChatEvent(event)) return s;
  switch (event.type) {
    case '[Direct Line] Activity Received':
      return received(s, event);
    case '[Direct Line] Post Started':
      return started(s, event);
    case '[Direct Line] Post Succeeded': {
      const post = ownValue(s.posts, event.clientActivityId);
      // An echo already confirmed it (with the same id); a success after the echo changes nothing.
      if (!post || post.echoed) return s;
      return withPost(s, { ...common(post), status: 'sent', id: event.id });
    }
    case '[Direct Line] Post Failed': {
      const post = ownValue(s.posts, event.clientActivityId);
      // A post that never started (it could not be sent at all) still is the last error.
      if (!post) return { ...s, error: event.error };
      // The service has it (echoed or accepted): a late failure cannot undo that.
      if (post.echoed || post.status === 'sent') return s;
      return { ...withPost(s, { ...common(post), status: 'failed', error: event.error }), error: event.error };
    }
    case '[Direct Line] Status Changed': {
      if (event.status === s.status) return s;
      const next: ChatState = { ...s, status: event.status };
      if (event.status === ConnectionStatus.Online) delete next.error;
      return next;
    }
    case '[Direct Line] Typing Expired': {
      const entry = ownValue(s.typing, event.userId);
      if (!entry || entry.expiresAt > event.at) return s;
      return { ...s, typing: without(s.typing, event.userId) };
    }
    case '[Direct Line] Livestream Timed Out':
      return timedOut(s, event.streamId, event.since);
    case '[Direct Line] Session Changed':
      return { ...s, session: { ...event.session } };
    case '[Direct Line] Connection Failed':
      return { ...s, error: event.error };
  }
}

function received(s: ChatState, { activity, at, typingMs }: ActivityReceived): ChatState {
  const chunk = livestreamChunkOf(activity);
  if (chunk) return receivedLive(s, activity, chunk, at);
  const userId = activity.from?.id;
  if (activity.type === 'typing') {
    if (!userId || !activity.from || isStreamingFrom(s, userId)) return s;
    return { ...s, typing: { ...s.typing, [userId]: { from: { ...activity.from }, expiresAt: at + typingMs } } };
  }
  const typing = userId && ownValue(s.typing, userId) ? without(s.typing, userId) : s.typing;
  const clientId = clientActivityIdOf(activity);
  const post = clientId === undefined ? undefined : ownValue(s.posts, clientId);
  if (clientId !== undefined && post && !post.echoed) {
    // The echo of an own post: it leaves the outbox and takes its place in the service's order, as one entry.
    const rest = s.activities.filter((a) => !(a.id === undefined && clientActivityIdOf(a) === clientId));
    const id = activity.id ?? (post.status === 'sent' ? post.id : '');
    const next = withPost(s, { ...common(post), status: 'sent', id, echoed: true });
    return { ...next, activities: insertBeforeOutbox(next, rest, activity), typing };
  }
  if (activity.id !== undefined && s.activities.some((a) => a.id === activity.id)) return typing === s.typing ? s : { ...s, typing };
  return { ...s, activities: insertBeforeOutbox(s, s.activities, activity), typing };
}

function started(s: ChatState, { activity, at }: PostStarted): ChatState {
  const clientId = clientActivityIdOf(activity);
  if (clientId === undefined) return s;
  const post = ownValue(s.posts, clientId);
  if (post && (post.echoed || post.status === 'sent')) return s;
  const entry: Activity = { ...activity };
  delete entry.id;
  // A retry of a pending or failed post keeps its place in the outbox.
  const index = post ? s.activities.findIndex((a) => a.id === undefined && clientActivityIdOf(a) === clientId) : -1;
  const activities = index >= 0 ? [...s.activities.slice(0, index), entry, ...s.activities.slice(index + 1)] : [...s.activities, entry];
  return { ...withPost(s, { clientActivityId: clientId, startedAt: at, echoed: false, status: 'pending' }), activities };
}

function common(post: OwnPost): Pick<OwnPost, 'clientActivityId' | 'startedAt' | 'echoed'> {
  return { clientActivityId: post.clientActivityId, startedAt: post.startedAt, echoed: post.echoed };
}

function withPost(s: ChatState, post: OwnPost): ChatState {
  return { ...s, posts: { ...s.posts, [post.clientActivityId]: post } };
}
