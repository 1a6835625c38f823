import { NEVER, Observable } from 'rxjs';
import type { DirectLineConnection } from '../../src/connection';
import type { ConnectionStatus } from '../../src/connection-status';
import type { SessionState } from '../../src/options';
import type { Activity } from '../../src/protocol/activity';

type Streams = {
  activity$?: Observable<Activity>;
  connectionStatus$?: Observable<ConnectionStatus>;
  session$?: Observable<SessionState>;
  postActivity?: (activity: Activity) => Observable<string>;
};

/** A connection made of scripted streams; only what toChatState uses. */
export function fakeConnection(streams: Streams): DirectLineConnection {
  return {
    activity$: streams.activity$ ?? NEVER,
    connectionStatus$: streams.connectionStatus$ ?? NEVER,
    session$: streams.session$ ?? NEVER,
    postActivity: streams.postActivity ?? (() => NEVER),
  } as Partial<DirectLineConnection> as DirectLineConnection;
}
