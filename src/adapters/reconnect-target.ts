import type { ConnectOptions, SessionState } from '../options';
import type { Conversation } from '../protocol/activity';
import { invalid } from './web-chat-options';

/** Checks what `reconnect()` is given: `{ conversationId, token?, streamUrl? }`; throws InvalidOptions. */
export function checkConversation(conversation: Conversation): void {
  if (!conversation || typeof conversation !== 'object' || typeof conversation.conversationId !== 'string' || conversation.conversationId === '') {
    throw invalid('reconnect() needs { conversationId, token, streamUrl }');
  }
  if (conversation.token !== undefined && (typeof conversation.token !== 'string' || conversation.token === '')) throw invalid('`token` must be a non-empty string');
  if (conversation.streamUrl !== undefined && typeof conversation.streamUrl !== 'string') throw invalid('`streamUrl` must be a string');
}

/**
 * The options to continue with the conversation `reconnect()` was given: its token (else the one
 * in use, else the options'), its `streamUrl`, and the newest watermark when it is the same
 * conversation (a new conversation starts from its beginning).
 */
export function reconnectOptions(base: ConnectOptions, conversation: Conversation, previous: SessionState): ConnectOptions {
  const same = previous.conversationId === conversation.conversationId;
  return {
    ...base,
    conversationId: conversation.conversationId,
    token: conversation.token ?? previous.token ?? base.token,
    streamUrl: conversation.streamUrl,
    watermark: same ? previous.watermark : undefined,
  };
}
