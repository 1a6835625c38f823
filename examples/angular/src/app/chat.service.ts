import { computed, DestroyRef, inject, Injectable } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { connect, ConnectionStatus, initialChatState, ownPostOf, toChatState } from 'directline-rx';
import type { Activity, PostState } from 'directline-rx';
import { CHAT_STATE_OPTIONS, DIRECT_LINE_OPTIONS } from './direct-line.providers';
import { connectionLabels } from './connection-label';
import { shownEntries } from './shown-entries';

/**
 * One Direct Line conversation for the application: the chat state and the connection status as
 * signals, `send()` and `retry()`. It connects when first injected and ends the connection when
 * its injector is destroyed.
 */
@Injectable({ providedIn: 'root' })
export class ChatService {
  private readonly connection = connect(inject(DIRECT_LINE_OPTIONS));
  private readonly chatOptions = inject(CHAT_STATE_OPTIONS, { optional: true }) ?? {};
  private readonly chat = toChatState(this.connection, this.chatOptions);

  /** The whole chat state: transcript, own posts, typing, status, last error, session. */
  readonly state = toSignal(this.chat, { initialValue: this.chatOptions.initialState ?? initialChatState });
  /** The connection's status, as the connection reports it. */
  readonly status = toSignal(this.connection.connectionStatus$, { initialValue: ConnectionStatus.Uninitialized });
  /** The status in words: "connecting", "online", "reconnecting" after a drop, … */
  readonly statusLabel = toSignal(connectionLabels(this.connection.connectionStatus$), { initialValue: 'not connected' });
  /** The messages of the transcript, in order (an own post is one entry, pending until echoed; a livestream one entry, growing until its final). */
  readonly messages = computed(() => shownEntries(this.state().activities));
  /** The names of those typing now. */
  readonly typing = computed(() => Object.values(this.state().typing).map(({ from }) => from.name ?? from.id));

  constructor() {
    inject(DestroyRef).onDestroy(() => this.connection.end());
  }

  /**
   * Sends a message. The transcript shows it pending at once; the result is the service's id
   * (subscribing is optional: a failure also shows in the state).
   */
  send(text: string) {
    return this.chat.send(text);
  }

  /**
   * Sends a failed post again, as the same activity (the same `clientActivityID`): it keeps its
   * place in the transcript, pending again, then sent or failed.
   */
  retry(post: Activity) {
    return this.chat.send(post);
  }

  /** Where an own post stands (`pending`, `sent`, `failed`); undefined for others' activities. */
  postStatus(activity: Activity): PostState['status'] | undefined {
    return ownPostOf(this.state(), activity)?.status;
  }
}
