import { InjectionToken, makeEnvironmentProviders } from '@angular/core';
import type { EnvironmentProviders } from '@angular/core';
import type { ChatStateOptions, ConnectOptions } from 'directline-rx';

/** The options `ChatService` connects with. Provide them with {@link provideDirectLine}. */
export const DIRECT_LINE_OPTIONS = new InjectionToken<ConnectOptions>('DIRECT_LINE_OPTIONS');

/** The options `ChatService` keeps its chat state with (a state restored from storage, for example). */
export const CHAT_STATE_OPTIONS = new InjectionToken<ChatStateOptions>('CHAT_STATE_OPTIONS');

/**
 * Configures the Direct Line connection of the application (or of a route, or a test), and
 * optionally the chat state's options (`initialState` to resume a saved transcript).
 *
 * ```ts
 * bootstrapApplication(ChatComponent, {
 *   providers: [provideZonelessChangeDetection(), provideDirectLine({ token, user: { id: 'user-42', name: 'Ada' } })],
 * });
 * ```
 */
export function provideDirectLine(options: ConnectOptions, chatState: ChatStateOptions = {}): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: DIRECT_LINE_OPTIONS, useValue: options },
    { provide: CHAT_STATE_OPTIONS, useValue: chatState },
  ]);
}
