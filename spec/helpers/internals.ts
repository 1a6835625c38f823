/** Names that are the library's own machinery: no entry of the package exports them (sources and the packed build alike). */
export const INTERNALS = [
  'BoundedSet',
  'CurrentValue',
  'FailureCount',
  'redact',
  'rememberSecret',
  'decideRetry',
  'waitOnline',
  'errorFromResponse',
  'parseRetryAfter',
  'isRetryableStatus',
  'createWebChatDirectLine',
];
