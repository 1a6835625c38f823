import { InjectionToken, makeEnvironmentProviders } from '@angular/core';
import type { EnvironmentProviders } from '@angular/core';
import type { ConnectOptions } from 'directline-rx';

/** The options `ChatService` connects with. Provide them with {@link provideDirectLine}. */
export const DIRECT_LINE_OPTIONS = new InjectionToken<ConnectOptions>('DIRECT_LINE_OPTIONS');

/**
 * Configures the Direct Line connection of the application (or of a route, or a test).
 *
 * ```ts
 * bootstrapApplication(ChatComponent, {
 *   providers: [provideZonelessChangeDetection(), provideDirectLine({ token, user: { id: 'user-42', name: 'Ada' } })],
 * });
 * ```
 */
export function provideDirectLine(options: ConnectOptions): EnvironmentProviders {
  return makeEnvironmentProviders([{ provide: DIRECT_LINE_OPTIONS, useValue: options }]);
}
