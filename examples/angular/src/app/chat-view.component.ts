import { ChangeDetectionStrategy, Component, EventEmitter } from '@angular/core';
import { clientActivityIdOf, entryKeyOf, livestreamChunkOf } from 'directline-rx';
import type { Activity, ChatError, Livestream, OwnPost } from 'directline-rx';

/** What the page says of an own post's state. */
const POST_LABELS: Record<OwnPost['status'], string> = { pending: 'sending…', sent: 'sent', failed: 'failed' };

/** An own property of a record whose keys are data from the service (never one of Object's). */
function ownValue<T>(record: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * The chat as the user sees it, from plain inputs: the connection's status, the transcript (each
 * own post with its state, a failed one with a Retry button; a livestreamed reply growing in its
 * place, with its informative line), who is typing, the last error, and a box to send. It holds no
 * state: `ChatComponent` feeds it from `ChatService`, the NgRx example from the store.
 */
@Component({
  selector: 'dl-chat-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Declared here rather than with field decorators or input()/output(): Angular's JIT compiler reads
  // them as they are, so TestBed (jest, without the build's transforms) renders the view as the app does.
  inputs: [
    { name: 'statusLabel', required: true },
    { name: 'messages', required: true },
    { name: 'posts', required: true },
    { name: 'livestreams', required: true },
    { name: 'typing', required: true },
    'error',
  ],
  outputs: ['send', 'retry', 'restart'],
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      max-width: 40rem;
    }
    .bar {
      display: flex;
      align-items: center;
      justify-content: space-between;
    }
    .status {
      margin: 0;
      padding: 0.2rem 0.6rem;
      border-radius: 1rem;
      background: #eee;
      font-size: 0.9rem;
    }
    .status[data-status='online'] {
      background: #d9f2df;
      color: #14532d;
    }
    .status[data-status='reconnecting'],
    .status[data-status='connecting'] {
      background: #fff3cd;
      color: #713f12;
    }
    .transcript {
      list-style: none;
      margin: 0;
      padding: 0.75rem;
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
      min-height: 12rem;
      border: 1px solid #ddd;
      border-radius: 0.5rem;
      background: #fafafa;
    }
    li {
      max-width: 80%;
      padding: 0.4rem 0.7rem;
      border-radius: 0.8rem;
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
    }
    li.bot {
      align-self: flex-start;
      background: #fff;
      border: 1px solid #ddd;
    }
    li.user {
      align-self: flex-end;
      background: #2563eb;
      color: #fff;
    }
    li[data-post='pending'] {
      opacity: 0.6;
    }
    li[data-post='failed'] {
      background: #fee2e2;
      color: #7f1d1d;
      border: 1px solid #fca5a5;
    }
    li.streaming .text::after {
      content: ' ▍';
      color: #2563eb;
    }
    .post-state {
      font-size: 0.75rem;
      opacity: 0.8;
    }
    .informative {
      font-size: 0.8rem;
      font-style: italic;
      color: #555;
    }
    .typing {
      margin: 0;
      font-style: italic;
      color: #555;
    }
    .error {
      margin: 0;
      color: #b91c1c;
    }
    form {
      display: flex;
      gap: 0.5rem;
    }
    input {
      flex: 1;
      padding: 0.5rem;
      border: 1px solid #ccc;
      border-radius: 0.4rem;
      font: inherit;
    }
    button {
      padding: 0.4rem 0.8rem;
      border: 1px solid #2563eb;
      border-radius: 0.4rem;
      background: #2563eb;
      color: #fff;
      font: inherit;
      cursor: pointer;
    }
    .restart,
    .retry {
      background: #fff;
      color: #2563eb;
    }
    .retry {
      padding: 0.1rem 0.5rem;
      font-size: 0.8rem;
    }
  `,
  template: `
    <header class="bar">
      <p class="status" [attr.data-status]="statusLabel">{{ statusLabel }}</p>
      <button type="button" class="restart" (click)="restart.emit()">New conversation</button>
    </header>
    <ol class="transcript">
      @for (activity of messages; track key(activity, $index)) {
        @let post = postOf(activity);
        @let stream = streamOf(activity);
        <li
          [class]="activity.from?.role === 'bot' ? 'bot' : 'user'"
          [class.streaming]="stream?.status === 'streaming'"
          [attr.data-post]="post?.status"
          [attr.data-stream]="stream?.status"
        >
          <span class="text">{{ activity.text }}</span>
          @if (stream && stream.status !== 'final') {
            @if (stream.informative) {
              <small class="informative">{{ stream.informative }}</small>
            }
            @if (stream.status === 'interrupted') {
              <small class="post-state">interrupted</small>
            }
          }
          @if (post) {
            <small class="post-state">{{ postLabels[post.status] }}</small>
          }
          @if (post?.status === 'failed') {
            <button type="button" class="retry" (click)="retry.emit(activity)">Retry</button>
          }
        </li>
      }
    </ol>
    @if (typing.length) {
      <p class="typing">{{ typing.join(', ') }} typing…</p>
    }
    @if (shownError(); as error) {
      <p class="error">{{ error.message }}</p>
    }
    <form (submit)="submit(box, $event)">
      <input #box name="text" autocomplete="off" placeholder="Say something" aria-label="Message" />
      <button type="submit">Send</button>
    </form>
  `,
})
export class ChatViewComponent {
  /** The connection's status, in words. */
  statusLabel!: string;
  /** The messages of the transcript, in order. */
  messages!: Activity[];
  /** The own posts, by `clientActivityID` (`ChatState.posts`). */
  posts!: Record<string, OwnPost>;
  /** The livestreams, by stream id (`ChatState.livestreams`). */
  livestreams!: Record<string, Livestream>;
  /** The names of those typing now. */
  typing!: string[];
  /** The last error, if any. */
  error: ChatError | undefined;

  /** The text the user sends. */
  readonly send = new EventEmitter<string>();
  /** A failed post to send again. */
  readonly retry = new EventEmitter<Activity>();
  /** The user asks for a new conversation. */
  readonly restart = new EventEmitter<void>();

  protected readonly postLabels = POST_LABELS;

  /** The last error while it matters: a post still failed, or a connection not online (a post retried with success clears it). */
  protected shownError(): ChatError | undefined {
    const failed = Object.values(this.posts).some((post) => post.status === 'failed');
    return this.error && (failed || this.statusLabel !== 'online') ? this.error : undefined;
  }

  /** The same key across every update of an entry (a growing livestream, an echoed post), so that one row re-renders. */
  protected key(activity: Activity, index: number): string {
    return entryKeyOf(activity) || String(index);
  }

  protected postOf(activity: Activity): OwnPost | undefined {
    return ownValue(this.posts, clientActivityIdOf(activity));
  }

  protected streamOf(activity: Activity): Livestream | undefined {
    return ownValue(this.livestreams, livestreamChunkOf(activity)?.streamId);
  }

  protected submit(box: HTMLInputElement, event: Event): void {
    event.preventDefault();
    const text = box.value.trim();
    if (!text) return;
    this.send.emit(text);
    box.value = '';
  }
}
