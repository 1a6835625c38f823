// Reactive UI state for a chat: store-agnostic, pure and serialisable.
export { initialChatState } from './chat-state';
export type { ChatState, ChatError, OwnPost, PostState, TypingUser } from './chat-state';
export { DEFAULT_LIVESTREAM_TIMEOUT_MS, entryKeyOf } from './livestream';
export type { Livestream, LivestreamStatus } from './livestream';
export { livestreamOf } from './livestream-reducer';
export { toChatError } from './chat-error';
export {
  DEFAULT_TYPING_MS,
  activityReceived,
  postStarted,
  postSucceeded,
  postFailed,
  statusChanged,
  typingExpired,
  livestreamTimedOut,
  sessionChanged,
  connectionFailed,
  isChatEvent,
} from './events';
export type {
  ChatEvent,
  ChatEventCreator,
  ActivityReceived,
  PostStarted,
  PostSucceeded,
  PostFailed,
  StatusChanged,
  TypingExpired,
  LivestreamTimedOut,
  SessionChanged,
  ConnectionFailed,
} from './events';
export { chatReducer, ownPostOf } from './chat-reducer';
export { clientActivityIdOf } from '../connect/post-echoes';
export { chatEvents } from './chat-events';
export type { ChatEventsOptions, ConnectionEvent } from './chat-events';
export { postEvents } from './post-events';
export type { PostEventsOptions, PostEvent } from './post-events';
export { toChatState } from './to-chat-state';
export type { ChatStateOptions, ChatStateObservable } from './to-chat-state';
