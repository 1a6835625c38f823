import { BehaviorSubject } from 'rxjs';
import type { Observable } from 'rxjs';
import type { SessionState } from '../options';

/** What a connection would persist to resume: `{ conversationId, token, watermark }`, as it changes. */
export class SessionStore {
  private readonly state: BehaviorSubject<SessionState>;

  constructor(initial: SessionState) {
    this.state = new BehaviorSubject<SessionState>({
      conversationId: initial.conversationId,
      token: initial.token,
      watermark: initial.watermark,
    });
  }

  /** The latest session first, then each change. */
  get changes$(): Observable<SessionState> {
    return this.state.asObservable();
  }

  get value(): SessionState {
    return this.state.value;
  }

  /** A copy of the session as it is now. */
  snapshot(): SessionState {
    return { ...this.state.value };
  }

  /** Merges a change in (a field named in `patch` replaces the current one, even with undefined); emits only when a field changed. */
  update(patch: Partial<SessionState>): void {
    const current = this.state.value;
    // built field by field rather than spread: this runs at every activity set
    const next: SessionState = {
      conversationId: 'conversationId' in patch ? patch.conversationId : current.conversationId,
      token: 'token' in patch ? patch.token : current.token,
      watermark: 'watermark' in patch ? patch.watermark : current.watermark,
    };
    if (next.conversationId !== current.conversationId || next.token !== current.token || next.watermark !== current.watermark)
      this.state.next(next);
  }

  complete(): void {
    this.state.complete();
  }
}
