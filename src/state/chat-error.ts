import type { ChatError } from './chat-state';

/**
 * Turns any thrown value (usually a `DirectLineError`) into a serialisable {@link ChatError}.
 * A value that already is a `ChatError` (a plain object with a string `message`) keeps its fields.
 */
export function toChatError(error: unknown): ChatError {
  if (typeof error === 'string') return { message: error };
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string')
    return { message: 'Unknown error' };
  const e = error as { message: string; code?: unknown; status?: unknown; retryable?: unknown };
  const out: ChatError = { message: e.message };
  if (typeof e.code === 'string') out.code = e.code;
  if (typeof e.status === 'number') out.status = e.status;
  if (typeof e.retryable === 'boolean') out.retryable = e.retryable;
  return out;
}
