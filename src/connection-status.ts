/** Same numbers as the status of botframework-directlinejs, so Web Chat understands them. */
export enum ConnectionStatus {
  Uninitialized = 0,
  Connecting = 1,
  Online = 2,
  ExpiredToken = 3,
  FailedToConnect = 4,
  Ended = 5,
}
