import { createActionGroup, emptyProps, props } from '@ngrx/store';
import type { Activity } from 'directline-rx';

/** What the application asks for. What happens on the connection comes back as the chat events of directline-rx. */
export const ChatActions = createActionGroup({
  source: 'Chat',
  events: {
    /** Opens the connection (one already open is ended and replaced). */
    Connect: emptyProps(),
    /** Ends the connection. */
    Disconnect: emptyProps(),
    /** Posts a message on the open connection. */
    Send: props<{ text: string }>(),
    /** Posts a failed post again, as the same activity (its `clientActivityID` kept): it keeps its place in the transcript. */
    Retry: props<{ activity: Activity }>(),
  },
});

// What happens on the connection needs no actions of its own: the chat events of directline-rx
// (activityReceived, postStarted, statusChanged, …) are plain serialisable actions as they are.
