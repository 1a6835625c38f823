/** Same numbers as the status of botframework-directlinejs, so Web Chat understands them. */
export enum ConnectionStatus {
  /** Before the first subscription, and again once the last subscriber has left (the socket is closed). */
  Uninitialized = 0,
  /** Starting, or reconnecting (a retry is always scheduled). */
  Connecting = 1,
  /** A socket is open, or polling answers. */
  Online = 2,
  /** The token was refused and could not be renewed: call `setToken`, or give a `tokenProvider`. */
  ExpiredToken = 3,
  /** 400 or 401, 403 with a secret, or the retry budget is spent: `activity$` errors. */
  FailedToConnect = 4,
  /** `end()` was called (`activity$` completes), or the conversation is gone (404; `activity$` errors). */
  Ended = 5,
}
