import { BehaviorSubject, Observable } from 'rxjs';
import type { SessionState } from '../options';

/**
 * What a connection would persist to resume: `{ conversationId, token, watermark }`, as it changes.
 * The watermark changes at every activity set: while nobody watches `changes$`, a change is only
 * kept (no emission); a new watcher first gets the latest session, as a BehaviorSubject would give it.
 */
export class SessionStore {
  private current: SessionState;
  private readonly state: BehaviorSubject<SessionState>;

  constructor(initial: SessionState) {
    this.current = { conversationId: initial.conversationId, token: initial.token, watermark: initial.watermark };
    this.state = new BehaviorSubject<SessionState>(this.current);
  }

  /** The latest session first, then each change. */
  get changes$(): Observable<SessionState> {
    return new Observable<SessionState>((subscriber) => {
      // bring the subject up to the session kept while nobody watched
      if (this.state.value !== this.current) this.state.next(this.current);
      return this.state.subscribe(subscriber);
    });
  }

  get value(): SessionState {
    return this.current;
  }

  /** A copy of the session as it is now. */
  snapshot(): SessionState {
    return { ...this.current };
  }

  /** Merges a change in (a field named in `patch` replaces the current one, even with undefined); emits only when a field changed. */
  update(patch: Partial<SessionState>): void {
    const current = this.current;
    // built field by field rather than spread: this runs at every activity set
    const next: SessionState = {
      conversationId: 'conversationId' in patch ? patch.conversationId : current.conversationId,
      token: 'token' in patch ? patch.token : current.token,
      watermark: 'watermark' in patch ? patch.watermark : current.watermark,
    };
    if (next.conversationId === current.conversationId && next.token === current.token && next.watermark === current.watermark) return;
    this.current = next;
    if (this.state.observed) this.state.next(next);
  }

  complete(): void {
    this.state.complete();
  }
}
