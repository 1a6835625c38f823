import { combineReducers, configureStore } from '@reduxjs/toolkit';
import type { Action } from '@reduxjs/toolkit';
import { createEpicMiddleware } from 'redux-observable';
import { chatReducer } from 'directline-rx';
import { chatEpic } from './chat.epic';
import type { ChatDependencies } from './chat.epic';

const rootReducer = combineReducers({ chat: chatReducer });

export type RootState = ReturnType<typeof rootReducer>;

/**
 * A Redux Toolkit store with the chat state under `chat` and the chat epic running, its
 * dependencies injected:
 *
 * ```ts
 * const store = createChatStore({ connect: () => connect({ token }) });
 * store.dispatch(connectRequested());
 * ```
 */
export function createChatStore(dependencies: ChatDependencies) {
  const epicMiddleware = createEpicMiddleware<Action, Action, RootState, ChatDependencies>({ dependencies });
  const store = configureStore({
    reducer: rootReducer,
    middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(epicMiddleware),
  });
  epicMiddleware.run(chatEpic);
  return store;
}
