import { ConnectionStatus, initialChatState } from 'directline-rx';
import type { ChatState } from 'directline-rx';
import { restoredState } from './chat-session';

const saved: ChatState = {
  ...initialChatState,
  activities: [
    { type: 'message', id: 'c1|0', text: 'hello', channelData: { clientActivityID: 'a' } },
    { type: 'message', text: 'unconfirmed', channelData: { clientActivityID: 'b' } },
  ],
  posts: {
    a: { clientActivityId: 'a', startedAt: 1, echoed: true, status: 'sent', id: 'c1|0' },
    b: { clientActivityId: 'b', startedAt: 2, echoed: false, status: 'pending' },
  },
  typing: { bot: { from: { id: 'bot' }, expiresAt: 10 } },
  livestreams: {
    s1: { streamId: 's1', status: 'final', sequence: 3, updatedAt: 5 },
    s2: { streamId: 's2', status: 'streaming', sequence: 2, informative: 'Thinking…', updatedAt: 6 },
  },
  status: ConnectionStatus.Online,
  error: { message: 'old' },
  session: { conversationId: 'c1', token: 't', watermark: '0' },
};

describe('Angular example: the saved chat state, as a reloaded page starts from it', () => {
  it('keeps the transcript and the session; a post pending when the page went away is failed (Retry sends it), a livestream still streaming interrupted; nobody typing; not connected', () => {
    const state = restoredState(saved);
    expect(state.activities).toEqual(saved.activities);
    expect(state.session).toEqual(saved.session);
    expect(state.posts.a).toEqual(saved.posts.a);
    expect(state.posts.b).toEqual({
      clientActivityId: 'b',
      startedAt: 2,
      echoed: false,
      status: 'failed',
      error: { message: 'Not confirmed before the page was reloaded', code: 'Interrupted' },
    });
    expect(state.typing).toEqual({});
    expect(state.livestreams).toEqual({ s1: saved.livestreams.s1, s2: { ...saved.livestreams.s2, status: 'interrupted' } });
    expect(state.status).toBe(ConnectionStatus.Uninitialized);
    expect(state.error).toBeUndefined();
  });
});
