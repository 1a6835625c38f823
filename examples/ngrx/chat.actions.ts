import { createActionGroup, emptyProps, props } from '@ngrx/store';

/** What the application asks for. What happens on the connection comes back as the chat events of directline-rx. */
export const ChatActions = createActionGroup({
  source: 'Chat',
  events: {
    /** Opens the connection (ignored while one is open). */
    Connect: emptyProps(),
    /** Ends the connection. */
    Disconnect: emptyProps(),
    /** Posts a message on the open connection. */
    Send: props<{ text: string }>(),
  },
});

// The chat events are plain serialisable actions as they are: no wrapping needed.
export {
  activityReceived,
  postStarted,
  postSucceeded,
  postFailed,
  statusChanged,
  typingExpired,
  sessionChanged,
  connectionFailed,
} from 'directline-rx';
