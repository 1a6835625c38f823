import { ConnectionStatus } from 'directline-rx';
import type { ChatState, ConnectOptions, Livestream, OwnPost } from 'directline-rx';

/**
 * Where the page gets its Direct Line token: the application's own backend, on the page's origin
 * (here the emulator's demo backend). It holds the secret, answers a token for a new conversation
 * with a key that names the conversation from then on, and a fresh token for that key later.
 */
export const TOKEN_BACKEND = '/demo/api';

/** What the backend answers: the Direct Line domain, a token, the conversation and the user. */
interface BackendAnswer {
  key?: string;
  domain: string;
  token: string;
  conversationId: string;
  userId: string;
}

/** What the page keeps in sessionStorage: the backend's key, the user and domain, and the chat state. */
export interface SavedChat {
  key: string;
  userId: string;
  domain: string;
  state: ChatState;
}

/** A conversation to connect to: the options of `connect()`, the state to start from, and how to save it. */
export interface ChatSession {
  options: ConnectOptions;
  initialState?: ChatState;
  /** Saves the state (transcript and `{ conversationId, token, watermark }`), to resume after a reload. */
  save(state: ChatState): void;
  /** Forgets the saved conversation: the next load starts a new one. */
  forget(): void;
}

async function askBackend(action: 'session' | 'token', body: object = {}): Promise<BackendAnswer> {
  const response = await fetch(`${TOKEN_BACKEND}/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`The token backend answered ${response.status}`);
  return (await response.json()) as BackendAnswer;
}

function read(storageKey: string): SavedChat | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as SavedChat | null;
    return saved?.key && saved.state?.session?.conversationId && saved.state.session.token ? saved : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The saved state, as a new page starts from it: not connected yet, nobody typing (their timers
 * are gone), no last error, a post still pending when the page went away marked failed (it may or
 * may not have reached the service: its echo, if it comes, makes it sent; Retry sends it again),
 * and a livestream still streaming marked interrupted.
 */
export function restoredState(saved: ChatState): ChatState {
  const posts: Record<string, OwnPost> = {};
  for (const [id, post] of Object.entries(saved.posts)) {
    posts[id] =
      post.status === 'pending'
        ? { ...post, status: 'failed', error: { message: 'Not confirmed before the page was reloaded', code: 'Interrupted' } }
        : post;
  }
  // A livestream still streaming has lost its quiet-period timer: interrupted (its next chunk or its final, after the watermark, still take effect).
  const livestreams: Record<string, Livestream> = {};
  for (const [id, stream] of Object.entries(saved.livestreams ?? {}))
    livestreams[id] = stream.status === 'streaming' ? { ...stream, status: 'interrupted' } : stream;
  return { activities: saved.activities, posts, typing: {}, livestreams, status: ConnectionStatus.Uninitialized, session: saved.session };
}

/**
 * Opens the page's conversation: the one saved in sessionStorage under `storageKey` (resumed after
 * its watermark, with its transcript), or a new one from the backend. A token that can no longer
 * be refreshed is replaced by a fresh one from the backend.
 */
export async function openChatSession(storageKey: string): Promise<ChatSession> {
  const saved = read(storageKey);
  const { key, userId, domain, token, conversationId, watermark } = saved
    ? { ...saved, ...saved.state.session }
    : await askBackend('session').then((answer) => ({ ...answer, key: answer.key as string, watermark: undefined }));
  const options: ConnectOptions = {
    domain,
    token,
    conversationId: saved ? conversationId : undefined,
    watermark,
    user: { id: userId, name: 'You' },
    tokenProvider: () => askBackend('token', { key }).then((answer) => answer.token),
  };
  return {
    options,
    initialState: saved && restoredState(saved.state),
    save: (state) => {
      if (!state.session.conversationId) return;
      const next: SavedChat = { key, userId, domain, state: { ...state, typing: {} } };
      sessionStorage.setItem(storageKey, JSON.stringify(next));
    },
    forget: () => sessionStorage.removeItem(storageKey),
  };
}
