// Type tests of the public surface of 'directline-rx': compiled (never run) by `npm run typecheck`
// against src/, and by spec/package/consumer-types.spec.ts against the packed package under each
// TypeScript setting users compile with. Each `@ts-expect-error` line is wrong usage that must be
// refused: if it compiled, tsc would report the unused directive.
import { expectTypeOf } from 'expect-type';
import type { Observable, SchedulerLike } from 'rxjs';
import { connect } from 'directline-rx';
import type {
  Activity,
  BackoffOptions,
  ChannelAccount,
  ConnectOptions,
  DebugEvent,
  DirectLineConnection,
  DirectLineError,
  SessionState,
  TokenProvider,
  UploadEvent,
  UploadFile,
  WebSocketFactory,
  XMLHttpRequestLike,
} from 'directline-rx';

// connect(options)
expectTypeOf(connect).parameters.toEqualTypeOf<[options: ConnectOptions]>();
expectTypeOf(connect).returns.toEqualTypeOf<DirectLineConnection>();
expectTypeOf(connect).toBeCallableWith({ token: 'token' });
expectTypeOf(connect).toBeCallableWith({
  secret: 'secret',
  domain: 'http://127.0.0.1:3000/v3/directline',
  user: { id: 'user-1', name: 'Ada' },
});
expectTypeOf(connect).toBeCallableWith({ tokenProvider: async () => 'token', conversationId: 'c', watermark: '7', streamUrl: 'wss://x' });
expectTypeOf(connect).toBeCallableWith({
  token: 't',
  webSocket: false,
  pollingInterval: 500,
  backoff: { initialMs: 100 },
  debug: (event: DebugEvent) => void event,
});
// @ts-expect-error connect needs its options
connect();
// @ts-expect-error a misspelt option is refused, not ignored
connect({ token: 't', pollingIntervall: 500 });
// @ts-expect-error `user` needs an id
expectTypeOf(connect).toBeCallableWith({ token: 't', user: { name: 'Ada' } });
// @ts-expect-error `webSocket` is a boolean
expectTypeOf(connect).toBeCallableWith({ token: 't', webSocket: 'yes' });
// @ts-expect-error a watermark is the opaque string the service sent, never a number
expectTypeOf(connect).toBeCallableWith({ token: 't', conversationId: 'c', watermark: 7 });
// @ts-expect-error a token provider gives a token (string, promise or observable of one)
expectTypeOf(connect).toBeCallableWith({ tokenProvider: () => 42 });

// The options by name: one name through every layer, each with its type.
expectTypeOf<keyof ConnectOptions>().toEqualTypeOf<
  | 'domain'
  | 'maxResponseBytes'
  | 'botAgent'
  | 'adoptUser'
  | 'onConversation'
  | 'secret'
  | 'token'
  | 'conversationId'
  | 'watermark'
  | 'streamUrl'
  | 'user'
  | 'locale'
  | 'webSocket'
  | 'streaming'
  | 'pollingInterval'
  | 'fallbackToPollingAfter'
  | 'tokenProvider'
  | 'refreshIntervalMs'
  | 'backoff'
  | 'maxRetries'
  | 'maxRetryAfterMs'
  | 'unreachableMs'
  | 'random'
  | 'requestTimeoutMs'
  | 'silenceMs'
  | 'stableMs'
  | 'streamUrlLifetimeMs'
  | 'dedupeCapacity'
  | 'online$'
  | 'scheduler'
  | 'createXHR'
  | 'webSocketFactory'
  | 'debug'
>();
expectTypeOf<ConnectOptions['streaming']>().toEqualTypeOf<boolean | undefined>();
expectTypeOf<ConnectOptions['user']>().toEqualTypeOf<ChannelAccount | undefined>();
expectTypeOf<ConnectOptions['backoff']>().toEqualTypeOf<BackoffOptions | undefined>();
expectTypeOf<ConnectOptions['tokenProvider']>().toEqualTypeOf<TokenProvider | undefined>();
expectTypeOf<ReturnType<TokenProvider>>().toEqualTypeOf<Observable<string> | Promise<string> | string>();
expectTypeOf<ConnectOptions['online$']>().toEqualTypeOf<Observable<boolean> | undefined>();
expectTypeOf<ConnectOptions['scheduler']>().toEqualTypeOf<SchedulerLike | undefined>();
expectTypeOf<ConnectOptions['createXHR']>().toEqualTypeOf<(() => XMLHttpRequestLike) | undefined>();
expectTypeOf<ConnectOptions['webSocketFactory']>().toEqualTypeOf<WebSocketFactory | undefined>();
expectTypeOf<ConnectOptions['pollingInterval']>().toEqualTypeOf<number | undefined>();
expectTypeOf<ConnectOptions['fallbackToPollingAfter']>().toEqualTypeOf<number | undefined>();
expectTypeOf<ConnectOptions['requestTimeoutMs']>().toEqualTypeOf<number | undefined>();
expectTypeOf<ConnectOptions['maxRetryAfterMs']>().toEqualTypeOf<number | undefined>();
expectTypeOf<ConnectOptions['unreachableMs']>().toEqualTypeOf<number | undefined>();
expectTypeOf<ConnectOptions['watermark']>().toEqualTypeOf<string | undefined>();

// The connection's members.
declare const conn: DirectLineConnection;
expectTypeOf(conn.activity$).toEqualTypeOf<Observable<Activity>>();
expectTypeOf(conn.session$).toEqualTypeOf<Observable<SessionState>>();
expectTypeOf(conn.getSession).toEqualTypeOf<() => SessionState>();
expectTypeOf<SessionState>().toEqualTypeOf<{ conversationId?: string; token?: string; watermark?: string }>();
expectTypeOf(conn.postActivity).parameters.toEqualTypeOf<[activity: Activity]>();
expectTypeOf(conn.postActivity).returns.toEqualTypeOf<Observable<string>>();
expectTypeOf(conn.uploadActivity).parameters.toEqualTypeOf<[activity: Activity, files: UploadFile[]]>();
expectTypeOf(conn.uploadActivity).returns.toEqualTypeOf<Observable<UploadEvent>>();
expectTypeOf<UploadEvent>().toEqualTypeOf<{ type: 'progress'; loaded: number; total: number } | { type: 'done'; id: string }>();
expectTypeOf(conn.setToken).toEqualTypeOf<(token: string) => void>();
expectTypeOf(conn.getSessionId).toEqualTypeOf<() => Observable<string>>();
expectTypeOf(conn.end).toEqualTypeOf<() => void>();
expectTypeOf(conn.postActivity).toBeCallableWith({ type: 'message', text: 'hello' });
// @ts-expect-error an activity needs a type
expectTypeOf(conn.postActivity).toBeCallableWith({ text: 'hello' });
// @ts-expect-error the streams are read-only
conn.activity$ = conn.activity$;
// @ts-expect-error setToken takes the token itself
conn.setToken({ token: 't' });
// @ts-expect-error there is no `close`: the connection ends with end()
conn.close();

// Debug events carry DirectLineErrors, never raw errors.
expectTypeOf<Extract<DebugEvent, { type: 'failed' }>['error']>().toEqualTypeOf<DirectLineError>();
