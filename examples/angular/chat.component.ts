import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { clientActivityIdOf } from 'directline-rx';
import type { Activity } from 'directline-rx';
import { ChatService } from './chat.service';

/** A transcript, who is typing, the connection's status and a box to send messages. */
@Component({
  selector: 'dl-chat',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="status">{{ chat.statusLabel() }}</p>
    <ol class="transcript">
      @for (activity of chat.messages(); track key(activity, $index)) {
        <li [class]="activity.from?.role === 'bot' ? 'bot' : 'user'" [attr.data-post]="chat.postStatus(activity)">{{ activity.text }}</li>
      }
    </ol>
    @if (chat.typing().length) {
      <p class="typing">{{ chat.typing().join(', ') }} typing…</p>
    }
    @if (chat.state().error; as error) {
      <p class="error">{{ error.message }}</p>
    }
    <form (submit)="submit(box, $event)">
      <input #box name="text" autocomplete="off" />
      <button type="submit">Send</button>
    </form>
  `,
})
export class ChatComponent {
  protected readonly chat = inject(ChatService);

  protected key(activity: Activity, index: number): string {
    return clientActivityIdOf(activity) ?? activity.id ?? String(index);
  }

  protected submit(box: HTMLInputElement, event: Event): void {
    event.preventDefault();
    const text = box.value.trim();
    if (!text) return;
    this.chat.send(text);
    box.value = '';
  }
}
