import { InjectionToken, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import type { ApplicationConfig } from '@angular/core';
import { provideDirectLine } from './direct-line.providers';
import type { ChatSession } from './chat-session';

/** The page's conversation: where to connect, the state it resumes from, how to save it. */
export const CHAT_SESSION = new InjectionToken<ChatSession>('CHAT_SESSION');

/** The application: zoneless, connected with the session's options, resuming from its saved state. */
export function appConfig(session: ChatSession): ApplicationConfig {
  return {
    providers: [
      provideZonelessChangeDetection(),
      provideBrowserGlobalErrorListeners(),
      provideDirectLine(session.options, { initialState: session.initialState }),
      { provide: CHAT_SESSION, useValue: session },
    ],
  };
}
