import { Observable, catchError, of } from 'rxjs';
import type { DirectLineConnection } from '../connection';
import type { DebugEvent } from '../options';
import { asDirectLineError } from '../protocol/errors';

/**
 * The session id Web Chat builds its sign-in URL from. Like the official client's, a session id
 * that cannot be read (no cookie, a refused call) is '' so that the sign-in goes on; the debug hook
 * hears why (`sessionIdUnavailable`).
 */
export function sessionIdOrEmpty(connection: DirectLineConnection, debug?: (event: DebugEvent) => void): Observable<string> {
  return connection.getSessionId().pipe(
    catchError((err) => {
      debug?.({ type: 'sessionIdUnavailable', error: asDirectLineError(err) });
      return of('');
    }),
  );
}
