import { createReducer, on } from '@ngrx/store';
import {
  activityReceived,
  chatReducer,
  connectionFailed,
  initialChatState,
  livestreamTimedOut,
  postFailed,
  postStarted,
  postSucceeded,
  sessionChanged,
  statusChanged,
  typingExpired,
} from 'directline-rx';
import type { ChatState } from 'directline-rx';

/** The key of the chat state in the store. */
export const CHAT_FEATURE_KEY = 'chat';

/** The library's `chatReducer` as an NgRx reducer: each chat event is an action it handles. */
export const chatFeatureReducer = createReducer<ChatState>(
  initialChatState,
  on(activityReceived, postStarted, postSucceeded, postFailed, (state, event) => chatReducer(state, event)),
  on(statusChanged, typingExpired, sessionChanged, connectionFailed, livestreamTimedOut, (state, event) => chatReducer(state, event)),
);
