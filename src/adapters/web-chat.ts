import { BehaviorSubject, asyncScheduler, defer, throwError } from 'rxjs';
import type { Subscription } from 'rxjs';
import { connect } from '../connection';
import type { DirectLineConnection } from '../connection';
import { ConnectionStatus } from '../connection-status';
import { endedError } from '../connect/ending';
import { clientActivityIdOf } from '../connect/post-echoes';
import { DEFAULT_DEDUPE_CAPACITY, DEFAULT_HISTORY_CAPACITY, DEFAULT_SENDING_GRACE_MS } from '../defaults';
import type { SessionState } from '../options';
import type { Activity, Conversation } from '../protocol/activity';
import { ActivityHistory } from './activity-history';
import { ConnectionSwitch } from './connection-switch';
import { checkConversation, reconnectOptions } from './reconnect-target';
import { sessionIdOrEmpty } from './session-id';
import { StatusRelay } from './status-relay';
import { lenientOptions, toConnectOptions, usableUserId } from './web-chat-options';
import type { ConnectFunction, DirectLineOptions, WebChatDirectLine } from './web-chat-options';
import { WebChatPosts } from './web-chat-posts';
import { WebChatUser } from './web-chat-user';

export type { ConnectFunction, ConversationStartProperties, DirectLineOptions, WebChatDirectLine } from './web-chat-options';

/**
 * `createDirectLine` over a given `connect` (the Node entry passes its own, with ws and xhr2).
 *
 * Composes the parts beside it: the options translated (`web-chat-options`), the user
 * (`web-chat-user`), the status with the sending grace (`status-relay`), the history replayed to
 * late subscribers (`activity-history`), the connection in use and the switch to the next
 * (`connection-switch`), posts and uploads (`web-chat-posts`), `reconnect()`'s target
 * (`reconnect-target`) and the session id (`session-id`).
 */
export function createWebChatDirectLine(options: DirectLineOptions, connectWith: ConnectFunction): WebChatDirectLine {
  options = lenientOptions(options);
  let referenceGrammarId: string | undefined;
  const base = toConnectOptions(options, (conversation) => {
    if (typeof conversation.referenceGrammarId === 'string') referenceGrammarId = conversation.referenceGrammarId;
  });
  const user = new WebChatUser(base.user);
  const status = new StatusRelay(options.sendingGraceMs ?? DEFAULT_SENDING_GRACE_MS, base.scheduler ?? asyncScheduler);
  const session = new BehaviorSubject<SessionState>({ conversationId: base.conversationId, token: base.token, watermark: base.watermark });
  const history = new ActivityHistory(
    options.historyCapacity ?? DEFAULT_HISTORY_CAPACITY,
    base.dedupeCapacity ?? DEFAULT_DEDUPE_CAPACITY,
    () => connections.listen(),
  );

  const receive = (connection: DirectLineConnection): Subscription =>
    connection.activity$.subscribe({
      next: (activity) => {
        const echoOf = activity && typeof activity === 'object' ? clientActivityIdOf(activity) : undefined;
        if (echoOf !== undefined) status.echoed(echoOf);
        history.add(activity);
      },
      // The status tells the failure (FailedToConnect, ExpiredToken); reconnect() can revive it.
      // A conversation that is gone (Ended) ends this object.
      error: () => {
        if (status.value === ConnectionStatus.Ended) end();
      },
    });

  const connections: ConnectionSwitch = new ConnectionSwitch(
    connectWith,
    { ...base, ...user.options() },
    {
      follow: (connection) => {
        const links = status.follow(connection);
        links.add(connection.session$.subscribe((s) => session.next(s)));
        return links;
      },
      listen: receive,
      switched: () => status.set(ConnectionStatus.Connecting),
    },
  );
  const posts = new WebChatPosts(connections, user, status);

  const end = () => {
    if (connections.ended) return;
    status.end();
    connections.end();
    status.complete();
    session.complete();
    history.complete();
  };

  return {
    activity$: history.activity$,
    connectionStatus$: status.status$,
    session$: session.asObservable(),
    get referenceGrammarId() {
      return referenceGrammarId;
    },
    get token() {
      return session.value.token ?? base.token;
    },
    get conversationId() {
      return session.value.conversationId;
    },
    postActivity: (activity: Activity) => posts.post(activity),
    end,
    getSessionId: () => defer(() => (connections.ended ? throwError(() => endedError()) : sessionIdOrEmpty(connections.use(), base.debug))),
    setUserId: (id: string) => {
      if (!usableUserId(id, base.debug) || connections.ended || !user.fix(id)) return;
      // Nothing sent yet: start over with the user, so that the start of the conversation carries it.
      if (!connections.used) connections.switchTo({ ...connections.options, ...user.options(), adoptUser: undefined });
    },
    reconnect: (conversation: Conversation) => {
      if (connections.ended) throw endedError();
      const previous = connections.current.getSession();
      checkConversation(conversation, previous.conversationId);
      connections.switchTo(reconnectOptions({ ...base, ...user.options() }, conversation, previous));
    },
    setToken: (token: string) => connections.current.setToken(token),
    getSession: () => ({ ...session.value }),
  };
}

/**
 * A drop-in for botframework-directlinejs's `DirectLine` under Web Chat 4.x, built on `connect()`:
 * `<ReactWebChat directLine={createDirectLine({ token })} />`.
 */
export function createDirectLine(options: DirectLineOptions): WebChatDirectLine {
  return createWebChatDirectLine(options, connect);
}
