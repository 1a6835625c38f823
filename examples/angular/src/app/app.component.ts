import { ChangeDetectionStrategy, Component, effect, inject } from '@angular/core';
import { ChatComponent } from './chat.component';
import { ChatService } from './chat.service';
import { CHAT_SESSION } from './app.config';

/** The page: a title and the chat. Saves the chat state on each change, so a reload resumes the conversation. */
@Component({
  selector: 'dl-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChatComponent],
  template: `
    <h1>directline-rx <span class="sub">Angular signals</span></h1>
    <p class="hint">The bot echoes what you say; start a message with “stream” and it livestreams its answer.</p>
    <dl-chat (restart)="restart()" />
  `,
})
export class AppComponent {
  private readonly session = inject(CHAT_SESSION);
  private readonly chat = inject(ChatService);

  constructor() {
    effect(() => this.session.save(this.chat.state()));
  }

  protected restart(): void {
    this.session.forget();
    location.reload();
  }
}
