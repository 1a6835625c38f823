import type { Action } from '@reduxjs/toolkit';
import type { Epic } from 'redux-observable';
import { defer, merge, of } from 'rxjs';
import { catchError, endWith, filter, finalize, mergeMap, switchMap, takeUntil } from 'rxjs/operators';
import { chatEvents, connectionFailed, ConnectionStatus, postEvents, statusChanged } from 'directline-rx';
import type { DirectLineConnection } from 'directline-rx';
import { connectRequested, disconnectRequested, sendRequested } from './chat.actions';
import type { RootState } from './store';

/** What the epics get injected: how to open a connection (the application binds its options). */
export interface ChatDependencies {
  connect(): DirectLineConnection;
}

/**
 * The connection as an epic. `connectRequested` opens one with the injected `connect`; its status,
 * session and activities flow in as the chat events of directline-rx (plain actions that
 * `chatReducer` reduces), and each `sendRequested` is posted through it (pending, then sent or
 * failed: a failure is an action, never an error of the epic). `disconnectRequested` ends it.
 * Options that `connect` refuses are a `connectionFailed` action.
 */
export const chatEpic: Epic<Action, Action, RootState, ChatDependencies> = (action$, _state$, { connect }) =>
  action$.pipe(
    filter(connectRequested.match),
    switchMap(() =>
      defer(() => {
        const connection = connect();
        const posts$ = action$.pipe(
          filter(sendRequested.match),
          mergeMap(({ payload }) => postEvents(connection, payload)),
        );
        return merge(chatEvents(connection), posts$).pipe(
          takeUntil(action$.pipe(filter(disconnectRequested.match))),
          finalize(() => connection.end()),
          endWith(statusChanged(ConnectionStatus.Ended)),
        );
      }).pipe(
        // connect() throws on bad options: an action too, so the epic lives on.
        catchError((error: unknown) => of(connectionFailed(error))),
      ),
    ),
  );
