import { ChangeDetectionStrategy, Component, EventEmitter, inject } from '@angular/core';
import { ChatService } from './chat.service';
import { ChatViewComponent } from './chat-view.component';

/** The chat of `ChatService`: its signals rendered by `<dl-chat-view>`, its sends and retries; `restart` when the user asks for a new conversation. */
@Component({
  selector: 'dl-chat',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChatViewComponent],
  outputs: ['restart'],
  template: `
    <dl-chat-view
      [statusLabel]="chat.statusLabel()"
      [messages]="chat.messages()"
      [posts]="chat.state().posts"
      [livestreams]="chat.state().livestreams"
      [typing]="chat.typing()"
      [error]="chat.state().error"
      (send)="chat.send($event)"
      (retry)="chat.retry($event)"
      (restart)="restart.emit()"
    />
  `,
})
export class ChatComponent {
  protected readonly chat = inject(ChatService);
  /** The user asks for a new conversation. */
  readonly restart = new EventEmitter<void>();
}
