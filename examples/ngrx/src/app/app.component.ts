import { ChangeDetectionStrategy, Component, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { Store } from '@ngrx/store';
import type { Activity } from 'directline-rx';
import { CHAT_SESSION } from '../../../angular/src/app/app.config';
import { ChatViewComponent } from '../../../angular/src/app/chat-view.component';
import { connectionLabels } from '../../../angular/src/app/connection-label';
import { ChatActions } from './chat.actions';
import { selectChat, selectError, selectLivestreams, selectMessages, selectPosts, selectStatus, selectTypingNames } from './chat.selectors';

/**
 * The page: the chat of the store, rendered by `<dl-chat-view>`; sends and retries are actions.
 * It connects on start and saves the chat state on each change, so a reload resumes the conversation.
 */
@Component({
  selector: 'dl-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChatViewComponent],
  template: `
    <h1>directline-rx <span class="sub">NgRx store</span></h1>
    <p class="hint">The bot echoes what you say; start a message with “stream” and it livestreams its answer.</p>
    <dl-chat-view
      [statusLabel]="statusLabel()"
      [messages]="messages()"
      [posts]="posts()"
      [livestreams]="livestreams()"
      [typing]="typing()"
      [error]="error()"
      (send)="send($event)"
      (retry)="retry($event)"
      (restart)="restart()"
    />
  `,
})
export class AppComponent {
  private readonly store = inject(Store);
  private readonly session = inject(CHAT_SESSION);

  protected readonly statusLabel = toSignal(connectionLabels(this.store.select(selectStatus)), { initialValue: 'not connected' });
  protected readonly messages = this.store.selectSignal(selectMessages);
  protected readonly posts = this.store.selectSignal(selectPosts);
  protected readonly livestreams = this.store.selectSignal(selectLivestreams);
  protected readonly typing = this.store.selectSignal(selectTypingNames);
  protected readonly error = this.store.selectSignal(selectError);
  private readonly chat = this.store.selectSignal(selectChat);

  constructor() {
    this.store.dispatch(ChatActions.connect());
    effect(() => this.session.save(this.chat()));
  }

  protected send(text: string): void {
    this.store.dispatch(ChatActions.send({ text }));
  }

  protected retry(activity: Activity): void {
    this.store.dispatch(ChatActions.retry({ activity }));
  }

  protected restart(): void {
    this.store.dispatch(ChatActions.disconnect());
    this.session.forget();
    location.reload();
  }
}
