import { inject, Injectable } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { defer, merge, of } from 'rxjs';
import { catchError, endWith, finalize, mergeMap, switchMap, takeUntil } from 'rxjs/operators';
import { chatEvents, connect, connectionFailed, ConnectionStatus, postEvents, statusChanged } from 'directline-rx';
import { DIRECT_LINE_OPTIONS } from '../../../angular/src/app/direct-line.providers';
import { ChatActions } from './chat.actions';

/**
 * The connection as effects. `Connect` opens one; from then on its status, session and activities
 * (typing expiries included) come back as chat-event actions, and each `Send` (or `Retry` of a
 * failed post) posts through it (pending, then sent or failed: failures are actions too, never
 * errors of the effect).
 * `Disconnect` ends it (the state shows `Ended`). A connection that fails for good reports
 * `Connection Failed`, and so do options that `connect` refuses; a `Connect` while a connection is
 * open ends it and opens a new one.
 */
@Injectable()
export class ChatEffects {
  private readonly actions$ = inject(Actions);
  private readonly options = inject(DIRECT_LINE_OPTIONS);

  readonly connection$ = createEffect(() =>
    this.actions$.pipe(
      ofType(ChatActions.connect),
      switchMap(() =>
        defer(() => {
          const connection = connect(this.options);
          const sent$ = this.actions$.pipe(
            ofType(ChatActions.send, ChatActions.retry),
            mergeMap((action) => postEvents(connection, 'text' in action ? action.text : action.activity)),
          );
          return merge(chatEvents(connection), sent$).pipe(
            takeUntil(this.actions$.pipe(ofType(ChatActions.disconnect))),
            finalize(() => connection.end()),
            endWith(statusChanged(ConnectionStatus.Ended)),
          );
        }).pipe(
          // connect() throws on bad options: an action too, so the effect lives on.
          catchError((error: unknown) => of(connectionFailed(error))),
        ),
      ),
    ),
  );
}
