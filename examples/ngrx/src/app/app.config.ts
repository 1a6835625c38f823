import { isDevMode, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import type { ApplicationConfig } from '@angular/core';
import { provideEffects } from '@ngrx/effects';
import { provideStore } from '@ngrx/store';
import { provideStoreDevtools } from '@ngrx/store-devtools';
import { CHAT_SESSION } from '../../../angular/src/app/app.config';
import type { ChatSession } from '../../../angular/src/app/chat-session';
import { provideDirectLine } from '../../../angular/src/app/direct-line.providers';
import { ChatEffects } from './chat.effects';
import { CHAT_FEATURE_KEY, chatFeatureReducer } from './chat.reducer';

/**
 * The application: zoneless; the chat state in an NgRx store (resumed from the saved state), the
 * connection as effects, and the store readable in Redux DevTools (the state and the actions are
 * plain data; in development NgRx checks that they stay serialisable and immutable).
 */
export function appConfig(session: ChatSession): ApplicationConfig {
  return {
    providers: [
      provideZonelessChangeDetection(),
      provideBrowserGlobalErrorListeners(),
      provideStore(
        { [CHAT_FEATURE_KEY]: chatFeatureReducer },
        {
          initialState: session.initialState && { [CHAT_FEATURE_KEY]: session.initialState },
          runtimeChecks: {
            strictStateImmutability: true,
            strictActionImmutability: true,
            strictStateSerializability: true,
            strictActionSerializability: true,
          },
        },
      ),
      provideEffects(ChatEffects),
      provideStoreDevtools({ name: 'directline-rx NgRx example', maxAge: 200, logOnly: !isDevMode() }),
      provideDirectLine(session.options),
      { provide: CHAT_SESSION, useValue: session },
    ],
  };
}
