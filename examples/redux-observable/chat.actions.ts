import { createAction } from '@reduxjs/toolkit';

/** Opens the connection (a second one ends the first and opens a new one). */
export const connectRequested = createAction('chat/connectRequested');
/** Ends the connection. */
export const disconnectRequested = createAction('chat/disconnectRequested');
/** Posts a message on the open connection. */
export const sendRequested = createAction<string>('chat/sendRequested');
