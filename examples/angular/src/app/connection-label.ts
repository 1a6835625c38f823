import type { Observable } from 'rxjs';
import { distinctUntilChanged, map, scan } from 'rxjs/operators';
import { ConnectionStatus } from 'directline-rx';

/**
 * What to tell the user about the connection. `Connecting` reads "reconnecting" once the
 * connection has been online: the socket dropped and the library is bringing it back.
 */
export function connectionLabel(status: ConnectionStatus, hasBeenOnline: boolean): string {
  switch (status) {
    case ConnectionStatus.Uninitialized:
      return 'not connected';
    case ConnectionStatus.Connecting:
      return hasBeenOnline ? 'reconnecting' : 'connecting';
    case ConnectionStatus.Online:
      return 'online';
    case ConnectionStatus.ExpiredToken:
      return 'token expired';
    case ConnectionStatus.FailedToConnect:
      return 'failed to connect';
    case ConnectionStatus.Ended:
      return 'ended';
  }
}

/** The statuses in words, as they come: "reconnecting" once the connection has been online. */
export function connectionLabels(status$: Observable<ConnectionStatus>): Observable<string> {
  return status$.pipe(
    scan(({ online }, status) => ({ status, online: online || status === ConnectionStatus.Online }), {
      status: ConnectionStatus.Uninitialized,
      online: false,
    }),
    map(({ status, online }) => connectionLabel(status, online)),
    distinctUntilChanged(),
  );
}
